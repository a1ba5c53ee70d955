using System.Collections;

namespace Latch.Tools;

/// <summary>What a command may touch of its process: output, environment, working directory and the network.</summary>
public sealed class ToolContext
{
    public ToolContext(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, HttpMessageHandler? httpHandler = null)
    {
        Out = output;
        Error = error;
        Environment = environment;
        WorkingDirectory = workingDirectory;
        HttpHandler = httpHandler;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>The environment variables the command sees (tests pass their own instead of the process's).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public string WorkingDirectory { get; }

    /// <summary>Tests substitute the network; null means real sockets.</summary>
    public HttpMessageHandler? HttpHandler { get; }

    /// <summary>Opens a TCP connection (host, port) for the TLS handshake probes; tests point it at local servers.</summary>
    public Func<string, int, CancellationToken, Task<Stream>>? Dial { get; init; }

    /// <summary>Replaces the platform's certificate validation in those probes (tests pin their own certificate); null: the platform's.</summary>
    public System.Net.Security.RemoteCertificateValidationCallback? CertificateValidation { get; init; }

    public static ToolContext FromProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return new ToolContext(Console.Out, Console.Error, environment, Directory.GetCurrentDirectory());
    }

    public string? Variable(string name) =>
        Environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public string FullPath(string path) => Path.GetFullPath(path, WorkingDirectory);
}
