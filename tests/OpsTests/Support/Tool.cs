using Latch.Tools;

namespace Latch.OpsTests.Support;

internal sealed record ToolResult(int ExitCode, string Out, string Error)
{
    public string[] Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";
}

/// <summary>Runs a latch-tools command in-process with its own environment, working directory and network.</summary>
internal static class Tool
{
    public static async Task<ToolResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, HttpMessageHandler? http = null,
        Func<string, int, CancellationToken, Task<Stream>>? dial = null, System.Net.Security.RemoteCertificateValidationCallback? validate = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new ToolContext(output, error, environment ?? new Dictionary<string, string>(),
            workingDirectory ?? Path.GetTempPath(), http)
        {
            Dial = dial,
            CertificateValidation = validate,
        };
        var code = await LatchTool.RunAsync([.. args], context);
        return new ToolResult(code, output.ToString(), error.ToString());
    }
}
