using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.Bench.LambdaDriver;

/// <summary>A Lambda bootstrap started as its own process behind its own Runtime API emulator, as Lambda starts it.</summary>
internal sealed class Function : IAsyncDisposable
{
    private static readonly string Es256Pem = CreatePem();
    private static readonly string Pepper = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _data;

    private Function(RuntimeApiEmulator emulator, Process process, string data)
    {
        Emulator = emulator;
        Process = process;
        _data = data;
    }

    public RuntimeApiEmulator Emulator { get; }

    public Process Process { get; }

    /// <summary>Resident set size of the function process, in MiB.</summary>
    public double RssMiB
    {
        get
        {
            foreach (var line in File.ReadLines($"/proc/{Process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
                }
            }

            return double.NaN;
        }
    }

    /// <summary>
    /// Starts <paramref name="bootstrap"/> with 256 MB of function memory. Latch gets Production-like settings on the
    /// embedded store (Staging: Production refuses SQLite on Lambda) and, with <paramref name="otlpEndpoint"/>, exports
    /// its spans and metrics there after each invocation as it does on Lambda. <paramref name="first"/>, when given, is
    /// queued before the process starts, so the time to its result is the cold start.
    /// </summary>
    public static async Task<(Function Function, Task<InvocationResult>? First)> StartAsync(string bootstrap, bool latch,
        string? otlpEndpoint, byte[]? first = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var emulator = await RuntimeApiEmulator.StartAsync();
        var firstResult = first is null ? null : emulator.Enqueue(first).Result;
        var data = Directory.CreateTempSubdirectory("latch-lambda-bench-").FullName;
        var start = new ProcessStartInfo(bootstrap)
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(bootstrap))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // FUNCTION_CGROUPS="DIR ...": control groups the function runs in, as Lambda runs it in its execution
        // environment's (bench/lambda-memory.sh makes them: memory limit = function memory, optionally a CPU cap).
        // A shell joins them and execs the bootstrap, so the runtime sees the limits from its first instruction.
        var cgroups = (Environment.GetEnvironmentVariable("FUNCTION_CGROUPS") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (cgroups.Length > 0)
        {
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("""for group in $FUNCTION_CGROUPS; do echo $$ > "$group/cgroup.procs" || exit 97; done; exec "$0" "$@" """);
            start.ArgumentList.Add(Path.GetFullPath(bootstrap));
        }

        var env = start.Environment;
        env["AWS_LAMBDA_RUNTIME_API"] = emulator.RuntimeApi;
        env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256";
        env["AWS_LAMBDA_FUNCTION_NAME"] = latch ? "latch-bench" : "hello-bench";
        if (latch)
        {
            env["ASPNETCORE_ENVIRONMENT"] = "Staging";
            env["Storage__Sqlite__Path"] = Path.Combine(data, "app.db");
            env["Jwt__Keys__0__Id"] = "bench-es256";
            env["Jwt__Keys__0__Algorithm"] = "ES256";
            env["Jwt__Keys__0__PrivateKeyPem"] = Es256Pem;
            env["Jwt__AccessTokenLifetime"] = "01:00:00";
            env["Passwords__Pepper"] = Pepper;
            env["RateLimiting__PerIp__BurstLimit"] = "100000000";
            env["RateLimiting__PerIp__PerMinute"] = "100000000";
            env["RateLimiting__Auth__PerMinute"] = "100000000";
            // The driver signs in with the account it registers: no verification mail to follow first.
            env["Registration__RequireEmailVerification"] = "false";
            env["Telemetry__Exporter"] = otlpEndpoint is null ? "none" : "otlp";
            if (otlpEndpoint is not null)
            {
                env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
            }
        }

        // LATCH_ENV="NAME=VALUE ...": the runtime settings serverless.yml deploys with (bench/lambda-memory.sh reads them).
        foreach (var setting in latch ? (Environment.GetEnvironmentVariable("LATCH_ENV") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries) : [])
        {
            var parts = setting.Split('=', 2);
            env[parts[0]] = parts.Length > 1 ? parts[1] : "";
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }

        // FUNCTION_ENV="NAME=VALUE ...": runtime settings to try on both apps (DOTNET_TieredPGO=0, DOTNET_GCgen0size=...).
        foreach (var setting in (Environment.GetEnvironmentVariable("FUNCTION_ENV") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = setting.Split('=', 2);
            env[parts[0]] = parts.Length > 1 ? parts[1] : "";
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("function: " + e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (new Function(emulator, process, data), firstResult);
    }

    /// <summary>One API Gateway (HTTP API, payload 2.0) request through the Runtime API; the response as a client gets it.</summary>
    public async Task<HttpResponseData> SendAsync(string method, string path, string? token = null, object? body = null)
    {
        var result = await Emulator.InvokeAsync(Event(method, path, token, body), timeout: TimeSpan.FromSeconds(30));
        if (result.Outcome != InvocationOutcome.Response)
        {
            throw new InvalidOperationException($"{method} {path}: {result.Outcome} {result.Text}");
        }

        return ApiGatewayResults.Parse(EventFormat.V2, result.Payload);
    }

    public static byte[] Event(string method, string path, string? token = null, object? body = null)
    {
        var headers = new List<KeyValuePair<string, string>> { new("user-agent", "latch-bench/1.0") };
        if (token is not null)
        {
            headers.Add(new("authorization", "Bearer " + token));
        }

        if (body is not null)
        {
            headers.Add(new("content-type", "application/json"));
        }

        return ApiGatewayEvents.Create(EventFormat.V2, new HttpRequestData
        {
            Method = method,
            RawPath = path,
            Headers = headers,
            Body = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        Process.Dispose();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static JsonElement Json(HttpResponseData response, int expectedStatus)
    {
        if (response.StatusCode != expectedStatus)
        {
            throw new InvalidOperationException($"expected {expectedStatus}, got {response.StatusCode}: {Encoding.UTF8.GetString(response.Body)}");
        }

        return response.Body.Length == 0 ? default : JsonDocument.Parse(response.Body).RootElement.Clone();
    }

    private static string CreatePem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }
}
