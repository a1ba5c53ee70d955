using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Latch.OpsTests.Support;

/// <summary>
/// A real Latch on Kestrel: the built host started as its own process on a free loopback port, in the
/// <c>Testing</c> environment, with its own SQLite file, real keys and pepper, and the settings given.
/// </summary>
public sealed class LatchInstance : IAsyncDisposable
{
    public const string AllowedOrigin = "https://app.example.com";

    private readonly Process _process;
    private readonly StringBuilder _log;
    private readonly string _directory;

    private LatchInstance(Process process, StringBuilder log, string directory, Uri baseUrl, IReadOnlyDictionary<string, string> settings)
    {
        _process = process;
        _log = log;
        _directory = directory;
        BaseUrl = baseUrl;
        Settings = settings;
    }

    public Uri BaseUrl { get; }

    /// <summary>The settings the instance got, as environment variables.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static Dictionary<string, string> DefaultSettings(string directory) => new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Storage__Sqlite__Path"] = Path.Combine(directory, "latch.db"),
        ["Passwords__BcryptWorkFactor"] = "10",
        ["Passwords__Pepper"] = Keys.Secret(),
        ["Jwt__Keys__0__Id"] = "ops-test-es256",
        ["Jwt__Keys__0__Algorithm"] = "ES256",
        ["Jwt__Keys__0__PrivateKeyPem"] = Keys.Es256Pem(),
        ["Cors__AllowedOrigins__0"] = AllowedOrigin,
        ["RateLimiting__Auth__PerMinute"] = "5",

        // The smoke flow registers and signs in at once; the verification flow is the integration tests'.
        ["Registration__RequireEmailVerification"] = "false",
    };

    public static async Task<LatchInstance> StartAsync(IReadOnlyDictionary<string, string>? overrides = null)
    {
        var (process, log, directory, baseUrl, settings) = Launch(overrides);
        var instance = new LatchInstance(process, log, directory, baseUrl, settings);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                await instance.DisposeAsync();
                throw new InvalidOperationException($"Latch exited with {process.ExitCode} at start-up:\n{instance.Log}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(baseUrl, "/health/live"));
                if (response.IsSuccessStatusCode)
                {
                    return instance;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        await instance.DisposeAsync();
        throw new TimeoutException($"Latch did not answer within 60 s:\n{instance.Log}");
    }

    /// <summary>Starts the host and waits for it to exit by itself (a refused configuration).</summary>
    public static async Task<(int ExitCode, string Log)> RunUntilExitAsync(IReadOnlyDictionary<string, string> overrides)
    {
        var (process, log, directory, _, _) = Launch(overrides);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            process.WaitForExit();
            lock (log)
            {
                return (process.ExitCode, log.ToString());
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            TryDelete(directory);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        TryDelete(_directory);
    }

    private static (Process, StringBuilder, string, Uri, IReadOnlyDictionary<string, string>) Launch(
        IReadOnlyDictionary<string, string>? overrides)
    {
        var directory = Directory.CreateTempSubdirectory("latch-ops-").FullName;
        var settings = DefaultSettings(directory);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        var host = Path.Combine(Repository.KestrelHostDirectory, "Latch.Host.Kestrel.dll");
        if (!File.Exists(host))
        {
            throw new FileNotFoundException("The Kestrel host is not built; build tests/OpsTests (it references the host).", host);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.KestrelHostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl.ToString());
        foreach (var name in start.Environment.Keys.Where(k =>
                     k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal) ||
                     k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, log, directory, baseUrl, settings);
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS temp cleanup
        }
    }
}
