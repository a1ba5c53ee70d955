using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Latch.LambdaEmulator;

// Cold start of the Lambda host: process start -> first API Gateway response posted to the Runtime API.
// bench/lambda-coldstart.sh builds the packages, makes the CPU cgroup and runs this; see docs/performance.md.
var options = ColdStartOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(ColdStartOptions.Usage);
    return 2;
}

var functions = options.Functions.Select(f => new Function(f.Name, Function.Locate(f.Path),
    options.Routes.LastOrDefault(r => r.Name == f.Name).Path ?? options.Path)).ToArray();
var caps = new List<(string Name, string? CgroupProcs)> { ("full CPU", null) };
if (options.Cgroup is not null)
{
    caps.Add((options.CgroupLabel, Path.Combine(options.Cgroup, "cgroup.procs")));
}

Console.Error.WriteLine($"{options.Runs} runs per cell, first event: GET {string.Join(", ", functions.Select(f => $"{f.Route} ({f.Name})"))} as {Describe(options.Format)}");
var report = new StringBuilder();
foreach (var store in options.Stores)
{
    var environment = Settings.For(store);
    foreach (var (name, value) in options.Environment)
    {
        environment[name] = value;
    }

    // One discarded start per build at full CPU: the page cache holds the binary afterwards, as it would on a warm host.
    foreach (var function in functions)
    {
        await Measure.OnceAsync(function, environment, options.Format, cgroupProcs: null);
    }

    var samples = new Dictionary<(string Cap, string Function), List<Sample>>();
    for (var run = 1; run <= options.Runs; run++)
    {
        // Interleaved (build, cap) so a neighbour's load drifts over every cell alike.
        foreach (var (cap, procs) in caps)
        {
            foreach (var function in functions)
            {
                var sample = await Measure.OnceAsync(function, environment, options.Format, procs);
                Console.Error.WriteLine($"  {store,-6} {cap,-12} {function.Name,-6} run {run}: {sample.Elapsed.TotalMilliseconds,7:F0} ms, CPU {sample.CpuMs,5:F0} ms, peak RSS {sample.PeakRssMiB:F0} MiB");
                (samples.TryGetValue((cap, function.Name), out var list) ? list : samples[(cap, function.Name)] = []).Add(sample);
            }
        }
    }

    report.AppendLine(CultureInfo.InvariantCulture,
        $"Store: {Settings.Describe(store)}. Process start → first response, median of {options.Runs} (min–max); CPU time (user + system, all threads, 10 ms ticks) of the process at that point, median per CPU setting; peak RSS, median over all its starts.");
    report.AppendLine();
    report.AppendLine("| build | " + string.Join(" | ", caps.Select(c => c.Name)) + " | " + string.Join(" | ", caps.Select(c => $"CPU time ({c.Name})")) + " | peak RSS |");
    report.AppendLine("|---|" + string.Concat(caps.Select(_ => "---:|---:|")) + "---:|");
    foreach (var function in functions)
    {
        var cells = caps.Select(c => Summary(samples[(c.Name, function.Name)]));
        var cpu = caps.Select(c => $"{Middle(samples[(c.Name, function.Name)].Select(s => s.CpuMs)):N0} ms");
        var all = samples.Where(s => s.Key.Function == function.Name).SelectMany(s => s.Value).ToList();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| {function.Name} | {string.Join(" | ", cells)} | {string.Join(" | ", cpu)} | {Middle(all.Select(s => s.PeakRssMiB)):F0} MiB |");
    }

    // Every other build against the baseline (by default the last one), wall time and CPU time, per CPU setting.
    var baseline = functions.FirstOrDefault(f => f.Name == options.Baseline) ?? functions[^1];
    foreach (var function in functions.Where(f => f != baseline))
    {
        var wall = caps.Select(c => Median(samples[(c.Name, function.Name)]) / Median(samples[(c.Name, baseline.Name)]));
        var cpu = caps.Select(c => Middle(samples[(c.Name, function.Name)].Select(s => s.CpuMs)) / Middle(samples[(c.Name, baseline.Name)].Select(s => s.CpuMs)));
        report.AppendLine(CultureInfo.InvariantCulture,
            $"| **{function.Name} / {baseline.Name}** | {string.Join(" | ", wall.Select(Ratio))} | {string.Join(" | ", cpu.Select(Ratio))} | |");
    }

    report.AppendLine();
}

Console.WriteLine();
Console.Write(report);
return 0;

static string Ratio(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

static string Describe(EventFormat format) => format == EventFormat.V1
    ? "a REST API (payload 1.0) event, as serverless.yml's http events deliver"
    : "an HTTP API (payload 2.0) event";

static double Median(List<Sample> samples) => Middle(samples.Select(s => s.Elapsed.TotalMilliseconds));

static double Middle(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Summary(List<Sample> samples) => string.Create(CultureInfo.InvariantCulture,
    $"{Median(samples):N0} ms ({samples.Min(s => s.Elapsed.TotalMilliseconds):N0}–{samples.Max(s => s.Elapsed.TotalMilliseconds):N0})");

/// <summary>One cold start: how long, and the process's CPU time and peak resident memory when the response was posted.</summary>
internal sealed record Sample(TimeSpan Elapsed, double CpuMs, double PeakRssMiB);

/// <summary>A build of the function: its <c>bootstrap</c>, unpacked from the zip when a zip was given, and the path its first event asks for.</summary>
internal sealed record Function(string Name, string Bootstrap, string Route)
{
    public static string Locate(string path)
    {
        if (!path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return Path.GetFullPath(path);
        }

        var directory = Directory.CreateTempSubdirectory("latch-coldstart-").FullName;
        ZipFile.ExtractToDirectory(path, directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return Path.Combine(directory, "bootstrap");
    }
}

internal static class Measure
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Queues one event, then starts the function (inside the cgroup when given: a shell joins it and execs the
    /// bootstrap, so nothing of the function runs outside it) and times until its response reaches the Runtime API.
    /// </summary>
    public static async Task<Sample> OnceAsync(Function function, IReadOnlyDictionary<string, string> environment, EventFormat format,
        string? cgroupProcs)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var pending = emulator.Enqueue(ApiGatewayEvents.Create(format, new HttpRequestData { RawPath = function.Route }),
            new InvocationHeaders { Deadline = DateTimeOffset.UtcNow.Add(Timeout) });
        var data = Directory.CreateTempSubdirectory("latch-coldstart-data-").FullName;

        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = Path.GetDirectoryName(function.Bootstrap)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(cgroupProcs is null ? "exec \"$@\"" : "echo $$ > \"$0\" && exec \"$@\"");
        start.ArgumentList.Add(cgroupProcs ?? "sh");
        start.ArgumentList.Add(function.Bootstrap);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = emulator.RuntimeApi;
        start.Environment["Storage__Sqlite__Path"] = Path.Combine(data, "app.db");

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);

        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(pending.Result, emulator.InitError, exited).WaitAsync(Timeout);
            var elapsed = clock.Elapsed;
            if (first != pending.Result)
            {
                var init = emulator.InitError.IsCompleted ? $"{await emulator.InitError}\n" : "";
                throw new InvalidOperationException($"{function.Name} did not answer (init error or exit):\n{init}{Text(output)}");
            }

            var result = await pending.Result;
            var status = result.Outcome == InvocationOutcome.Response ? ApiGatewayResults.Parse(format, result.Payload).StatusCode : 0;
            if (status != 200)
            {
                throw new InvalidOperationException($"{function.Name} answered {result.Outcome} {status}: {result.Text}\n{Text(output)}");
            }

            return new Sample(elapsed, CpuMs(process.Id), PeakRssMiB(process.Id));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>User plus system time of all the process's threads so far (/proc/PID/stat, in clock ticks of 10 ms).</summary>
    private static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of the line, utime and stime; the split starts at field 3.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    private static double PeakRssMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

/// <summary>What the function is configured with: serverless.yml's production settings, secrets generated here.</summary>
internal static class Settings
{
    // Nothing listens here: the MongoDB server and the ADOT collector of a real function are not on this machine.
    private static readonly int ClosedPort = FindClosedPort();

    public static string Describe(string store) => store switch
    {
        "mongo" => $"MongoDB adapter (Production, connection string to the closed port 127.0.0.1:{ClosedPort})",
        _ => "embedded SQLite (Staging: Production refuses it on Lambda), a fresh file per start",
    };

    public static Dictionary<string, string> For(string store)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var settings = new Dictionary<string, string>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = "latch-bench",
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
            ["AWS_REGION"] = "us-east-1",
            ["ASPNETCORE_ENVIRONMENT"] = store == "mongo" ? "Production" : "Staging",
            ["Jwt__Issuer"] = "https://auth.example.com",
            ["Jwt__Audience"] = "https://api.example.com",
            ["Jwt__Keys__0__Id"] = "bench",
            ["Jwt__Keys__0__Algorithm"] = "ES256",
            ["Jwt__Keys__0__PrivateKeyPem"] = key.ExportPkcs8PrivateKeyPem(),
            ["Passwords__Pepper"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Cors__AllowedOrigins__0"] = "https://app.example.com",
            ["Telemetry__Exporter"] = "otlp",
            ["OTEL_SERVICE_NAME"] = "latch",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{ClosedPort}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment.name=prod",
            // Traces only, as deployed (serverless.yml says why).
            ["OTEL_METRICS_EXPORTER"] = "none",
            ["Passwords__BcryptWorkFactor"] = "12",
            ["RateLimiting__PerIp__BurstLimit"] = "2000",
            ["RateLimiting__PerIp__PerMinute"] = "1000",
            ["RateLimiting__Auth__PerMinute"] = "20",
            // The mail path as deployed: enqueued to SQS for the sender function (nothing is sent during a start).
            ["Mail__Queue__Url"] = "https://sqs.us-east-1.amazonaws.com/123456789012/latch-bench-mail",
            ["Mail__Transport"] = "Ses",
            ["Mail__Ses__IdentityArn"] = "arn:aws:ses:us-east-1:123456789012:identity/example.com",
            ["Mail__From"] = "Latch <no-reply@example.com>",
            ["Mail__ProductName"] = "Latch",
            ["Mail__Links__VerifyEmail"] = "https://app.example.com/verify-email#token={token}",
            ["Mail__Links__PasswordReset"] = "https://app.example.com/reset-password#token={token}",
            ["Mail__Links__ConfirmEmailChange"] = "https://app.example.com/confirm-email-change#token={token}",
            ["Mail__Links__SignIn"] = "https://app.example.com/sign-in",
            // The role's credentials, as Lambda sets them (never used: nothing calls AWS during a start).
            ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
            ["AWS_SECRET_ACCESS_KEY"] = "bench-secret-never-used",
            ["AWS_SESSION_TOKEN"] = "bench-token",
        };
        if (store == "mongo")
        {
            settings["Storage__Provider"] = "Mongo";
            settings["Storage__Mongo__ConnectionString"] = $"mongodb://127.0.0.1:{ClosedPort}/?tls=true";
            settings["Storage__Mongo__Database"] = "latch";
        }
        else
        {
            settings["Storage__Provider"] = "Sqlite";
        }

        return settings;
    }

    private static int FindClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The command line.</summary>
internal sealed record ColdStartOptions(int Runs, string? Cgroup, string CgroupLabel, IReadOnlyList<string> Stores, string Path,
    IReadOnlyList<(string Name, string Path)> Functions, IReadOnlyList<(string Name, string Value)> Environment)
{
    public const string Usage = """
        usage: Latch.LambdaColdStart --function NAME=PATH [--function NAME=PATH]... [options]
          --function NAME=PATH  a build to measure: its bootstrap, or its deployment zip (unpacked to a temporary folder)
          --route NAME=PATH     the first event's path for that build (e.g. hello world's only route); default --path
          --baseline NAME       the build the others are divided by; default the last one
          --runs N              starts per build, CPU setting and store; default 5
          --cgroup DIR          also measure inside this CPU cgroup (the function joins DIR/cgroup.procs before it starts)
          --cgroup-label TEXT   the capped column's heading; default "capped"
          --store sqlite|mongo  configure this store (repeatable); default mongo
          --path PATH           the first event's path; default /health/live
          --format v1|v2        the first event's payload: v1 (REST API, serverless.yml's http events; the default) or v2
          --env NAME=VALUE      a setting of the function's on top of the store's (repeatable)
        The last rows are each build's medians divided by the baseline's, wall time and CPU time per CPU setting.
        """;

    public IReadOnlyList<(string Name, string Path)> Routes { get; init; } = [];

    public string? Baseline { get; init; }

    public EventFormat Format { get; init; } = EventFormat.V1;

    public static ColdStartOptions? Parse(string[] args)
    {
        var options = new ColdStartOptions(5, null, "capped", [], "/health/live", [], []);
        var stores = new List<string>();
        var functions = new List<(string, string)>();
        var routes = new List<(string, string)>();
        var environment = new List<(string, string)>();
        for (var i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--runs" when int.TryParse(Value(), out var runs) && runs > 0:
                    options = options with { Runs = runs };
                    break;
                case "--cgroup" when Value() is { Length: > 0 } cgroup:
                    options = options with { Cgroup = cgroup };
                    break;
                case "--cgroup-label" when Value() is { Length: > 0 } label:
                    options = options with { CgroupLabel = label };
                    break;
                case "--store" when Value() is "sqlite" or "mongo":
                    stores.Add(args[i]);
                    break;
                case "--path" when Value() is ['/', ..] path:
                    options = options with { Path = path };
                    break;
                case "--format" when Value() is "v1" or "v2":
                    options = options with { Format = args[i] == "v1" ? EventFormat.V1 : EventFormat.V2 };
                    break;
                case "--function" when Value()?.Split('=', 2) is [{ Length: > 0 } name, { Length: > 0 } path]:
                    functions.Add((name, path));
                    break;
                case "--route" when Value()?.Split('=', 2) is [{ Length: > 0 } name, ['/', ..] path]:
                    routes.Add((name, path));
                    break;
                case "--baseline" when Value() is { Length: > 0 } baseline:
                    options = options with { Baseline = baseline };
                    break;
                case "--env" when Value()?.Split('=', 2) is [{ Length: > 0 } name, var value]:
                    environment.Add((name, value));
                    break;
                default:
                    return null;
            }
        }

        return functions.Count == 0 ? null : options with
        {
            Stores = stores.Count == 0 ? ["mongo"] : stores, Functions = functions, Environment = environment, Routes = routes,
        };
    }
}
