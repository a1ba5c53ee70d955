using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// The Kestrel host as a newcomer starts it: the built <c>Latch.Host.Kestrel.dll</c> in its own output folder,
/// configured only through environment variables, listening on real sockets. Settings default to Production with
/// real keys and a temporary SQLite file; each test adds or removes (null) what it is about.
/// </summary>
public sealed partial class KestrelProcess : IAsyncDisposable
{
    private readonly CapturedProcess _process;
    private readonly string _directory;

    private KestrelProcess(CapturedProcess process, string directory)
    {
        _process = process;
        _directory = directory;
    }

    /// <summary>The addresses the host printed as "Now listening on", in the order it printed them.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public string Output => _process.Output;

    public string DataDirectory => _directory;

    public Uri Address(string scheme) => Addresses.First(a => a.Scheme == scheme);

    /// <summary>
    /// A client for the plain HTTP address that sends only what a test puts on a request: no redirects followed,
    /// and no trace headers of the test process's own (which HttpClient adds when something there listens to
    /// activities, and which would stand in for the headers under test).
    /// </summary>
    public HttpClient CreateClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, ActivityHeadersPropagator = null })
    {
        BaseAddress = Address("http"),
    };

    public static async Task<KestrelProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var directory = Directory.CreateTempSubdirectory("latch-kestrel-").FullName;
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Storage__Sqlite__Path"] = Path.Combine(directory, "latch.db"),
            ["Passwords__BcryptWorkFactor"] = "10",
            ["Passwords__Pepper"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Jwt__Keys__0__Id"] = "test-es256",
            ["Jwt__Keys__0__Algorithm"] = "ES256",
            ["Jwt__Keys__0__PrivateKeyPem"] = LatchFactory.Es256Pem,
            ["Registration__RequireEmailVerification"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var hostDirectory = HostDirectory();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(hostDirectory, "Latch.Host.Kestrel.dll")]) { WorkingDirectory = hostDirectory };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) ||
                     k.StartsWith("DOTNET_", StringComparison.Ordinal) && k != "DOTNET_ROOT" || k.Contains("__", StringComparison.Ordinal)).ToArray())
        {
            start.Environment.Remove(key); // the test runner's own settings are not the host's
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = CapturedProcess.Start(start, directory);
        var host = new KestrelProcess(process, directory);

        var expected = (environment["ASPNETCORE_URLS"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Length;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var listening = ListeningOn().Matches(host.Output).Select(m => new Uri(m.Groups[1].Value)).ToArray();
            if (listening.Length >= expected && host.Output.Contains("Application started", StringComparison.Ordinal))
            {
                host.Addresses = listening;
                return host;
            }

            if (process.HasExited)
            {
                await process.WaitForExitAsync(CancellationToken.None); // and for its last lines to be read
                var output = host.Output;
                var exitCode = process.ExitCode; // read before disposing: a disposed process has no exit code
                await host.DisposeAsync();
                throw new InvalidOperationException($"The Kestrel host exited with {exitCode} at start:\n{output}");
            }

            await Task.Delay(50);
        }

        var lines = host.Output;
        await host.DisposeAsync();
        throw new TimeoutException($"The Kestrel host did not start within 60 s:\n{lines}");
    }

    /// <summary>Every JSON log line the host has written so far.</summary>
    public IReadOnlyList<System.Text.Json.JsonElement> LogLines() =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.Clone())
            .ToArray();

    /// <summary>
    /// A graceful stop as a supervisor asks for one (SIGTERM: systemd, Kubernetes, ECS): waits for the process to
    /// exit and for its last output to be read, and returns its exit code.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
               {
                   UseShellExecute = false,
               })!)
        {
            await signal.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>The host's own build output: the same configuration as this test assembly.</summary>
    private static string HostDirectory()
    {
        var configuration = typeof(KestrelProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        return Path.Combine(RepositoryPaths.Root, "src", "Host.Kestrel", "bin", configuration, "net10.0");
    }

    [GeneratedRegex(@"Now listening on: (\S+?)""")]
    private static partial Regex ListeningOn();
}
