using System.Diagnostics;
using System.Globalization;
using Latch.Bench.LambdaDriver;
using Latch.LambdaEmulator;

// dotnet LambdaDriver.dll coldstart LATCH_BOOTSTRAP HELLO_BOOTSTRAP RUNS
// dotnet LambdaDriver.dll warm     LATCH_BOOTSTRAP HELLO_BOOTSTRAP COUNT
// dotnet LambdaDriver.dll memory   LATCH_BOOTSTRAP HELLO_BOOTSTRAP FIRST MORE
// FUNCTION_CGROUPS="DIR ..." runs each function inside those control groups (bench/lambda-memory.sh CGROUP_MEMORY=256M).
// TELEMETRY=none turns Latch's span and metric export off (default: OTLP to a local sink, flushed per invocation).
if (args.Length < 4 || !int.TryParse(args[3], out var number) || !File.Exists(args[1]) || !File.Exists(args[2]))
{
    Console.Error.WriteLine("usage: LambdaDriver coldstart|warm|memory LATCH_BOOTSTRAP HELLO_BOOTSTRAP N [MORE]");
    return 2;
}

var (mode, latchPath, helloPath) = (args[0], args[1], args[2]);
await using var sink = Environment.GetEnvironmentVariable("TELEMETRY") == "none" ? null : await OtlpCollector.StartAsync(keepPayloads: false);
Console.WriteLine($"Latch telemetry: {(sink is null ? "none" : "OTLP/HTTP to a local sink, flushed after each invocation")}");
return mode switch
{
    "coldstart" => await ColdStartAsync(number),
    "warm" => await WarmAsync(number),
    "memory" => await MemoryAsync(number, args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : number * 5),
    _ => 2,
};

async Task<int> ColdStartAsync(int runs)
{
    var latch = new List<double>();
    var hello = new List<double>();
    for (var run = 0; run < runs; run++)
    {
        // Alternate which goes first, so drift in the machine's load does not favour one.
        foreach (var isLatch in run % 2 == 0 ? new[] { true, false } : [false, true])
        {
            var started = Stopwatch.GetTimestamp();
            var (function, first) = await Function.StartAsync(isLatch ? latchPath : helloPath, isLatch, sink?.Endpoint,
                Function.Event("GET", isLatch ? "/health/live" : "/hello"));
            await using (function)
            {
                var result = await first!.WaitAsync(TimeSpan.FromSeconds(60));
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (result.Outcome != InvocationOutcome.Response)
                {
                    throw new InvalidOperationException("first invocation: " + result.Text);
                }

                (isLatch ? latch : hello).Add(ms);
            }
        }
    }

    Console.WriteLine($"cold start, process start -> first API Gateway response through the Runtime API, {runs} runs each (ms):");
    Row("hello world on the adapter", hello);
    Row("Latch bootstrap", latch);
    Console.WriteLine($"ratio of medians, Latch / hello: {Median(latch) / Median(hello):F2} (budget <= 1.5)");
    return 0;
}

async Task<int> WarmAsync(int count)
{
    Console.WriteLine($"warm invocations, {count} each after 500 to warm up: client-side round trip through the Runtime API (ms)");
    var floor = await FloorAsync(count);
    Row("no app: a bare Runtime API loop", floor);

    var (hello, _) = await Function.StartAsync(helloPath, false, null);
    List<double> helloTimes;
    await using (hello)
    {
        helloTimes = await TimeAsync(count, () => hello.SendAsync("GET", "/hello"));
        Row("hello world: GET /hello", helloTimes);
    }

    var (latch, _) = await Function.StartAsync(latchPath, true, sink?.Endpoint);
    await using (latch)
    {
        var token = Function.Json(await latch.SendAsync("POST", "/v1/auth/register",
            body: new { email = $"warm-{Guid.NewGuid():N}@example.com", password = "correct horse battery staple" }), 201)
            .GetProperty("accessToken").GetString()!;
        var live = await TimeAsync(count, () => latch.SendAsync("GET", "/health/live"));
        Row("Latch: GET /health/live", live);
        var me = await TimeAsync(count, () => latch.SendAsync("GET", "/v1/users/me", token));
        Row("Latch: GET /v1/users/me", me);
        Console.WriteLine($"ratio of medians, Latch GET /v1/users/me / hello: {Median(me) / Median(helloTimes):F2} (budget <= 2)");
    }

    return 0;
}

async Task<int> MemoryAsync(int first, int more)
{
    // Both apps run the same number of invocations and are sampled at the same counts, so the growth of each is read
    // beside the other's: hello world's is what the runtime and the adapter do on their own.
    var every = more <= 100_000 ? 10_000 : 50_000;
    bool Sampled(int i) => i == first || i == first + more || (i > first && (i - first) % every == 0);

    var (hello, _) = await Function.StartAsync(helloPath, false, null);
    var helloSamples = new List<(int Invocations, double RssMiB)>();
    var helloCgroup = "";
    var helloStarted = Stopwatch.GetTimestamp();
    await using (hello)
    {
        for (var i = 1; i <= first + more; i++)
        {
            await hello.SendAsync("GET", "/hello");
            if (i == 1)
            {
                // Read once the function answers: by then it has joined its cgroups and exec'd.
                helloCgroup = MemoryCgroup(hello);
            }

            if (Sampled(i))
            {
                helloSamples.Add((i, hello.RssMiB));
                Console.Error.WriteLine($"  hello world after {i:N0}: {helloSamples[^1].RssMiB:F1} MiB, {Stopwatch.GetElapsedTime(helloStarted).TotalSeconds:F0} s");
            }
        }
    }

    var helloElapsed = Stopwatch.GetElapsedTime(helloStarted).TotalSeconds;
    var (latch, _) = await Function.StartAsync(latchPath, true, sink?.Endpoint);
    await using (latch)
    {
        var auth = Function.Json(await latch.SendAsync("POST", "/v1/auth/register",
            body: new { email = $"memory-{Guid.NewGuid():N}@example.com", password = "correct horse battery staple" }), 201);
        var latchCgroup = MemoryCgroup(latch);
        var token = auth.GetProperty("accessToken").GetString()!;
        var refresh = auth.GetProperty("refreshToken").GetString()!;
        var samples = new List<(int Invocations, double RssMiB)>();
        var latchAtOne = latch.RssMiB;
        var started = Stopwatch.GetTimestamp();
        for (var i = 1; i <= first + more; i++)
        {
            // Mostly token checks, as a session service sees them; now and then the other routes that need no bcrypt.
            if (i % 50 == 0)
            {
                var rotated = Function.Json(await latch.SendAsync("POST", "/v1/auth/refresh", body: new { refreshToken = refresh }), 200);
                token = rotated.GetProperty("accessToken").GetString()!;
                refresh = rotated.GetProperty("refreshToken").GetString()!;
            }
            else if (i % 20 == 0)
            {
                Function.Json(await latch.SendAsync("GET", "/v1/users/me/sessions", token), 200);
            }
            else if (i % 101 == 0)
            {
                Function.Json(await latch.SendAsync("PATCH", "/v1/users/me", token, new { displayName = "Ann " + i }), 200);
            }
            else if (i % 97 == 0)
            {
                Function.Json(await latch.SendAsync("GET", "/v1/users/me", "not-a-token"), 401);
            }
            else
            {
                Function.Json(await latch.SendAsync("GET", "/v1/users/me", token), 200);
            }

            if (Sampled(i))
            {
                samples.Add((i, latch.RssMiB));
                Console.Error.WriteLine($"  Latch after {i:N0}: {samples[^1].RssMiB:F1} MiB, {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s");
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"resident memory (VmRSS), 256 MB function memory (GC heap limit 192 MiB), {first + more} invocations each " +
            $"(hello world {helloElapsed:F0} s, Latch {elapsed:F0} s); load average now {File.ReadAllText("/proc/loadavg")[..14]}");
        Console.WriteLine($"  memory cgroup: hello world {helloCgroup}; Latch {latchCgroup}");
        Console.WriteLine($"  {"invocations",11}  {"hello world",11}  {"Latch",9}");
        Console.WriteLine($"  {1,11:N0}  {"",11}  {latchAtOne,5:F1} MiB");
        foreach (var ((invocations, rss), (_, helloRss)) in samples.Zip(helloSamples))
        {
            Console.WriteLine($"  {invocations,11:N0}  {helloRss,7:F1} MiB  {rss,5:F1} MiB");
        }

        static double Growth(List<(int Invocations, double RssMiB)> s) => (s[^1].RssMiB - s[0].RssMiB) / s[0].RssMiB * 100;
        var latchGrowth = Growth(samples);
        Console.WriteLine($"growth from {first:N0} to {first + more:N0} invocations: hello world {Growth(helloSamples):F1}%, " +
            $"Latch {latchGrowth:F1}% (budget <= 2%: {(latchGrowth <= 2 ? "met" : "NOT met")}); " +
            $"Latch after {first:N0}: {samples[0].RssMiB:F1} MiB (budget <= 150: {(samples[0].RssMiB <= 150 ? "met" : "NOT met")})");
    }

    return 0;
}

// The memory cgroup a function runs in and its limit (cgroup v1 or v2), as the .NET GC finds them.
static string MemoryCgroup(Function function)
{
    foreach (var line in File.ReadLines($"/proc/{function.Process.Id}/cgroup"))
    {
        var parts = line.Split(':', 3);
        var (file, dir) = parts[1] == "memory" ? ("memory.limit_in_bytes", "/sys/fs/cgroup/memory" + parts[2])
            : parts[0] == "0" && Directory.Exists("/sys/fs/cgroup" + parts[2]) && File.Exists("/sys/fs/cgroup/cgroup.controllers")
                ? ("memory.max", "/sys/fs/cgroup" + parts[2]) : ("", "");
        if (file.Length > 0 && File.Exists(Path.Combine(dir, file)))
        {
            var limit = File.ReadAllText(Path.Combine(dir, file)).Trim();
            return long.TryParse(limit, CultureInfo.InvariantCulture, out var bytes) && bytes < long.MaxValue / 2
                ? $"limit {bytes / 1048576.0:F0} MiB" : "no limit";
        }
    }

    return "none found";
}

async Task<List<double>> TimeAsync(int count, Func<Task<HttpResponseData>> call)
{
    for (var i = 0; i < 500; i++)
    {
        await call();
    }

    var times = new List<double>(count);
    for (var i = 0; i < count; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await call();
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (response.StatusCode >= 300)
        {
            throw new InvalidOperationException($"status {response.StatusCode}: {response.Text}");
        }
    }

    return times;
}

// The emulator and loopback HTTP with nothing behind them: a loop that answers every event with a constant.
async Task<List<double>> FloorAsync(int count)
{
    await using var emulator = await RuntimeApiEmulator.StartAsync();
    using var http = new HttpClient { BaseAddress = new Uri($"http://{emulator.RuntimeApi}/2018-06-01/runtime/") };
    using var stop = new CancellationTokenSource();
    var loop = Task.Run(async () =>
    {
        var answer = """{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{}"}"""u8.ToArray();
        while (!stop.IsCancellationRequested)
        {
            using var next = await http.GetAsync("invocation/next", stop.Token);
            var id = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
            await next.Content.ReadAsByteArrayAsync(stop.Token);
            using var posted = await http.PostAsync($"invocation/{id}/response", new ByteArrayContent(answer), stop.Token);
        }
    });
    var payload = Function.Event("GET", "/");
    var times = await TimeAsync(count, async () =>
        ApiGatewayResults.Parse(EventFormat.V2, (await emulator.InvokeAsync(payload)).Payload));
    await stop.CancelAsync();
    try
    {
        await loop;
    }
    catch (OperationCanceledException)
    {
    }

    return times;
}

static double Median(List<double> values) => Percentile(values, 50);

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static void Row(string name, List<double> values) =>
    Console.WriteLine($"  {name,-34} median {Median(values),8:F2}   p99 {Percentile(values, 99),8:F2}   min {values.Min(),8:F2}   max {values.Max(),8:F2}");
