using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latch.LambdaEmulator;

// Sign-in latency and cost per sign-in of the packaged bootstrap at Lambda memory sizes: one function process per size,
// each inside its CPU cgroup, signing in in turn (size A, size B, size A, ...) so the neighbours' load drifts over both
// alike. bench/lambda-signin.sh builds the package, makes the cgroups and runs this; docs/performance.md records a run.
var options = SignInOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(SignInOptions.Usage);
    return 2;
}

var bootstrap = Unpack(options.Function);
await using var collector = await OtlpCollector.StartAsync(keepPayloads: false);
var functions = new List<SignInFunction>();
try
{
    foreach (var size in options.Sizes)
    {
        functions.Add(await SignInFunction.StartAsync(bootstrap, size, options.WorkFactor, collector.Endpoint));
    }

    // Each function registers its own account (not timed) and signs in once to warm up (not counted).
    foreach (var function in functions)
    {
        await function.RegisterAsync();
        await function.SignInAsync();
        Console.Error.WriteLine($"  {function.Size.MemoryMb} MB: ready");
    }

    for (var run = 1; run <= options.SignIns; run++)
    {
        foreach (var function in functions)
        {
            var sample = await function.SignInAsync();
            function.Samples.Add(sample);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {function.Size.MemoryMb,5} MB run {run}: {sample.Latency * 1000,7:F0} ms to the response, {sample.Billed * 1000,7:F0} ms to the next /next, CPU {sample.CpuSeconds * 1000,5:F0} ms"));
        }
    }
}
finally
{
    foreach (var function in functions)
    {
        await function.DisposeAsync();
    }
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"sign-in (POST /v1/auth/login, bcrypt work factor {options.WorkFactor}, embedded SQLite store, OTLP export to a local collector), {options.SignIns} per size, alternating:"));
Console.WriteLine();
Console.WriteLine("| function memory | CPU cap | p50 to the response | min–max | p50 billed (to the next /next) | GB-s per sign-in | cost ratio to the first | p50 CPU time | CPU time ÷ cap | GB-s at that | ratio |");
Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
double? first = null, firstCpu = null;
foreach (var function in functions)
{
    var latency = Median(function.Samples.Select(s => s.Latency));
    var billed = Median(function.Samples.Select(s => s.Billed));
    var cpu = Median(function.Samples.Select(s => s.CpuSeconds));
    // Lambda bills memory in GB of 1,024 MB and duration rounded up to the millisecond.
    var gbSeconds = function.Size.MemoryMb / 1024.0 * Math.Ceiling(billed * 1000) / 1000;
    first ??= gbSeconds;
    // On a machine whose other work leaves the function less CPU than its cap, the wall clock measures the neighbours:
    // the CPU time the sign-in used, spread at the cap's rate, is what a function that gets its whole share would take.
    var atCap = cpu / function.Size.Share;
    var gbSecondsAtCap = function.Size.MemoryMb / 1024.0 * atCap;
    firstCpu ??= gbSecondsAtCap;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {function.Size.MemoryMb:N0} MB | {function.Size.CpuLabel} | {latency:F3} s | {function.Samples.Min(s => s.Latency):F3}–{function.Samples.Max(s => s.Latency):F3} s | {billed:F3} s | {gbSeconds:F4} | {gbSeconds / first:F2} | {cpu:F3} s | {atCap:F3} s | {gbSecondsAtCap:F4} | {gbSecondsAtCap / firstCpu:F2} |"));
}

return 0;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Unpack(string path)
{
    if (!path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
    {
        return Path.GetFullPath(path);
    }

    var directory = Directory.CreateTempSubdirectory("latch-signin-").FullName;
    ZipFile.ExtractToDirectory(path, directory);
    AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
    return Path.Combine(directory, "bootstrap");
}

/// <summary>A function memory size and the CPU cgroup that stands for its vCPU share (null: full CPU).</summary>
internal sealed record FunctionSize(int MemoryMb, string? Cgroup, double Share)
{
    public string CpuLabel => Cgroup is null ? "full CPU" : string.Create(CultureInfo.InvariantCulture, $"{Share:0.###} vCPU");
}

/// <summary>One sign-in: seconds to the response, to the function's next /next, and of CPU (user + system) in between.</summary>
internal sealed record SignInSample(double Latency, double Billed, double CpuSeconds);

/// <summary>One function process at one size, behind its own Runtime API emulator, inside its cgroup.</summary>
internal sealed class SignInFunction : IAsyncDisposable
{
    private const string Password = "correct horse battery staple";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly RuntimeApiEmulator _emulator;
    private readonly Process _process;
    private readonly string _data;
    private readonly string _email = $"signin-{Guid.NewGuid():N}@example.com";

    private SignInFunction(FunctionSize size, RuntimeApiEmulator emulator, Process process, string data)
    {
        Size = size;
        _emulator = emulator;
        _process = process;
        _data = data;
    }

    public FunctionSize Size { get; }

    public List<SignInSample> Samples { get; } = [];

    /// <summary>
    /// Starts the bootstrap as serverless.yml's function does, on the embedded store (Staging: Production refuses
    /// SQLite on Lambda), with the function memory the size names; a shell joins the cgroup and execs the bootstrap,
    /// so nothing of the function runs outside it.
    /// </summary>
    public static async Task<SignInFunction> StartAsync(string bootstrap, FunctionSize size, int workFactor, string otlpEndpoint)
    {
        var emulator = await RuntimeApiEmulator.StartAsync();
        var data = Directory.CreateTempSubdirectory("latch-signin-data-").FullName;
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = Path.GetDirectoryName(bootstrap)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(size.Cgroup is null ? "exec \"$@\"" : "echo $$ > \"$0\" && exec \"$@\"");
        start.ArgumentList.Add(size.Cgroup is null ? "sh" : Path.Combine(size.Cgroup, "cgroup.procs"));
        start.ArgumentList.Add(bootstrap);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var env = start.Environment;
        env["AWS_LAMBDA_RUNTIME_API"] = emulator.RuntimeApi;
        env["AWS_LAMBDA_FUNCTION_NAME"] = "latch-bench";
        env["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = size.MemoryMb.ToString(CultureInfo.InvariantCulture);
        env["AWS_REGION"] = "eu-west-1";
        env["ASPNETCORE_ENVIRONMENT"] = "Staging";
        env["Storage__Provider"] = "Sqlite";
        env["Storage__Sqlite__Path"] = Path.Combine(data, "app.db");
        env["Jwt__Issuer"] = "https://auth.example.com";
        env["Jwt__Audience"] = "https://api.example.com";
        env["Jwt__Keys__0__Id"] = "bench";
        env["Jwt__Keys__0__Algorithm"] = "ES256";
        env["Jwt__Keys__0__PrivateKeyPem"] = key.ExportPkcs8PrivateKeyPem();
        env["Passwords__Pepper"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        env["Passwords__BcryptWorkFactor"] = workFactor.ToString(CultureInfo.InvariantCulture);
        env["Registration__RequireEmailVerification"] = "false";
        env["Cors__AllowedOrigins__0"] = "https://app.example.com";
        env["RateLimiting__PerIp__BurstLimit"] = "100000000";
        env["RateLimiting__PerIp__PerMinute"] = "100000000";
        env["RateLimiting__Auth__PerMinute"] = "100000000";
        env["Telemetry__Exporter"] = "otlp";
        env["OTEL_SERVICE_NAME"] = "latch";
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlpEndpoint;
        env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        env["OTEL_METRICS_EXPORTER"] = "none";

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"function {size.MemoryMb} MB: {e.Data}");
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SignInFunction(size, emulator, process, data);
    }

    public async Task RegisterAsync()
    {
        var (status, body) = await InvokeAsync("/v1/auth/register", new { email = _email, password = Password });
        if (status != 201)
        {
            throw new InvalidOperationException($"register at {Size.MemoryMb} MB answered {status}: {body}");
        }
    }

    /// <summary>
    /// One sign-in: the time until its response reaches the Runtime API (what the client waits for), and until the
    /// function asks for its next event (what Lambda bills: the flush of its spans after the response included).
    /// </summary>
    public async Task<SignInSample> SignInAsync()
    {
        var nextCalls = _emulator.NextCalls;
        var cpu = CpuSeconds();
        var clock = Stopwatch.StartNew();
        var (status, body) = await InvokeAsync("/v1/auth/login", new { email = _email, password = Password });
        var latency = clock.Elapsed.TotalSeconds;
        if (status != 200)
        {
            throw new InvalidOperationException($"sign-in at {Size.MemoryMb} MB answered {status}: {body}");
        }

        while (_emulator.NextCalls == nextCalls)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the function at {Size.MemoryMb} MB exited");
            }

            await Task.Delay(1);
        }

        var billed = clock.Elapsed.TotalSeconds;
        return new SignInSample(latency, billed, CpuSeconds() - cpu);
    }

    /// <summary>User plus system time of all the function's threads so far (/proc/PID/stat, clock ticks of 10 ms).</summary>
    private double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of the line, utime and stime; the split starts at field 3.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    private async Task<(int Status, string Body)> InvokeAsync(string path, object body)
    {
        var payload = ApiGatewayEvents.Create(EventFormat.V2, new HttpRequestData
        {
            Method = "POST",
            RawPath = path,
            Headers = [new("content-type", "application/json"), new("user-agent", "latch-bench/1.0")],
            Body = JsonSerializer.SerializeToUtf8Bytes(body),
        });
        var result = await _emulator.InvokeAsync(payload, timeout: Timeout);
        if (result.Outcome != InvocationOutcome.Response)
        {
            throw new InvalidOperationException($"{path} at {Size.MemoryMb} MB: {result.Outcome} {result.Text}");
        }

        var response = ApiGatewayResults.Parse(EventFormat.V2, result.Payload);
        return (response.StatusCode, Encoding.UTF8.GetString(response.Body));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        await _emulator.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}

/// <summary>The command line.</summary>
internal sealed record SignInOptions(string Function, int SignIns, int WorkFactor, IReadOnlyList<FunctionSize> Sizes)
{
    public const string Usage = """
        usage: Latch.LambdaSignIn --function PATH --size MB[=CGROUP] [--size MB[=CGROUP]]... [--signins N] [--work-factor W]
          --function PATH   the bootstrap, or the deployment zip (unpacked to a temporary folder)
          --size MB=CGROUP  a function memory size, and the CPU cgroup directory standing for its vCPU share (the
                            function joins CGROUP/cgroup.procs before it starts); without =CGROUP, at full CPU
          --signins N       sign-ins per size after one to warm up; default 9
          --work-factor W   bcrypt work factor; default 12
        The ratio columns are each size's GB-seconds per sign-in over the first size's: from the billed wall time, and
        from the CPU time spread at the cap's rate (what a function that gets its whole share would take).
        """;

    public static SignInOptions? Parse(string[] args)
    {
        string? function = null;
        int signIns = 9, workFactor = 12;
        var sizes = new List<FunctionSize>();
        for (var i = 0; i < args.Length; i++)
        {
            string? Value() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--function" when Value() is { Length: > 0 } path:
                    function = path;
                    break;
                case "--signins" when int.TryParse(Value(), out var n) && n > 0:
                    signIns = n;
                    break;
                case "--work-factor" when int.TryParse(Value(), out var w) && w is >= 4 and <= 31:
                    workFactor = w;
                    break;
                case "--size" when Value()?.Split('=', 2) is [var mb, .. var rest] && int.TryParse(mb, out var memory) && memory > 0:
                    var cgroup = rest is [{ Length: > 0 } dir] ? dir : null;
                    sizes.Add(new FunctionSize(memory, cgroup, cgroup is null ? 1.0 : Share(cgroup)));
                    break;
                default:
                    return null;
            }
        }

        return function is null || sizes.Count == 0 ? null : new SignInOptions(function, signIns, workFactor, sizes);
    }

    /// <summary>The cgroup's CPU share (0.145 for 0.145 vCPU), from cgroup v1's quota and period or cgroup v2's cpu.max.</summary>
    private static double Share(string cgroup)
    {
        static double Read(string path) => double.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
        return File.Exists(Path.Combine(cgroup, "cpu.max"))
            ? File.ReadAllText(Path.Combine(cgroup, "cpu.max")).Split(' ') is [var q, var p] && q != "max"
                ? double.Parse(q, CultureInfo.InvariantCulture) / double.Parse(p, CultureInfo.InvariantCulture) : 1.0
            : Read(Path.Combine(cgroup, "cpu.cfs_quota_us")) / Read(Path.Combine(cgroup, "cpu.cfs_period_us"));
    }
}
