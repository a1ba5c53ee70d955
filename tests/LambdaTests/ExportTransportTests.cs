using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// How the function's span export reaches the collector. The exporter sends synchronously; on a non-blocking socket
/// every wait for the collector's answer is emulated with a new wait handle, which under Native AOT leaves memory that
/// only a full collection frees (docs/performance.md, "Lambda warm path and memory"). So the export's connection must
/// be a blocking socket — read from the function's own file descriptor in /proc (Lambda runs Linux), after idleness and
/// after a long continuous burst — and a blocking socket must still give up when the collector does not answer.
/// </summary>
public sealed class ExportTransportTests
{
    private const int NonBlockingFlag = 0x800; // O_NONBLOCK, in the "flags" of /proc/<pid>/fdinfo/<fd>

    [Fact]
    public async Task The_function_exports_its_spans_over_one_blocking_socket_that_stays_blocking_while_idle()
    {
        Assert.True(OperatingSystem.IsLinux(), "the test reads the function's socket from /proc (Lambda runs Linux)");
        await using var collector = await OtlpCollector.StartAsync();
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, Telemetry(collector.Endpoint));
        await emulator.WaitUntilReadyAsync(() => function.Output, function);
        var firstCall = emulator.NextCalls;

        for (var i = 0; i < 3; i++)
        {
            if (i == 2)
            {
                // Idle longer than the period at which a connection pool with the default idle timeout (a minute)
                // checks its idle connections, asynchronously: after that, the socket would be non-blocking.
                await Task.Delay(TimeSpan.FromSeconds(20));
            }

            var (_, response) = await emulator.SendAsync(EventFormat.V2, new HttpRequestData { RawPath = $"/no/such/route/{i}" },
                new InvocationHeaders { RequestId = $"req-transport-{i}" });
            Assert.Equal(404, response.StatusCode);
        }

        await WaitForNextAsync(emulator, firstCall + 3, function);
        Assert.Contains(collector.Received, r => r.Path == "/v1/traces");
        Assert.Equal(0, collector.Rejected);

        var collectorPort = new Uri(collector.Endpoint).Port;
        var sockets = SocketsTo(function.Id, collectorPort);
        var (fd, flags) = Assert.Single(sockets);
        Assert.True((flags & NonBlockingFlag) == 0,
            $"the export connection (fd {fd}, flags 0{Convert.ToString(flags, 8)}) is non-blocking");
    }

    [Fact]
    public async Task The_export_connection_stays_blocking_through_a_continuous_burst_of_invocations()
    {
        // SocketsHttpHandler, even with no idle timeout, checks the connections idle in its pool every 30 s with an
        // asynchronous zero-byte read; between exports the connection is idle most of the time, so a burst longer than
        // two such periods meets the check and, with that handler, leaves the socket non-blocking for good.
        Assert.True(OperatingSystem.IsLinux(), "the test reads the function's socket from /proc (Lambda runs Linux)");
        await using var collector = await OtlpCollector.StartAsync(keepPayloads: false);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var environment = Telemetry(collector.Endpoint);
        environment["RateLimiting__PerIp__BurstLimit"] = "100000000";
        environment["RateLimiting__PerIp__PerMinute"] = "100000000";
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, environment);
        await emulator.WaitUntilReadyAsync(() => function.Output, function);
        var firstCall = emulator.NextCalls;

        var burst = System.Diagnostics.Stopwatch.StartNew();
        var invocations = 0;
        while (burst.Elapsed < TimeSpan.FromSeconds(65))
        {
            var (_, response) = await emulator.SendAsync(EventFormat.V2, new HttpRequestData { RawPath = "/health/live" },
                new InvocationHeaders { RequestId = $"req-burst-{invocations}" });
            Assert.Equal(200, response.StatusCode);
            invocations++;
        }

        await WaitForNextAsync(emulator, firstCall + invocations, function);
        // At least one export per invocation (the invocation's span), all of them well-formed.
        Assert.True(collector.Accepted >= invocations, $"{collector.Accepted} exports for {invocations} invocations");
        Assert.Equal(0, collector.Rejected);
        var (fd, flags) = Assert.Single(SocketsTo(function.Id, new Uri(collector.Endpoint).Port));
        Assert.True((flags & NonBlockingFlag) == 0,
            $"after {invocations} invocations the export connection (fd {fd}, flags 0{Convert.ToString(flags, 8)}) is non-blocking");
    }

    [Fact]
    public async Task A_collector_that_never_answers_costs_each_invocation_the_export_timeout_not_the_function()
    {
        // Accepts connections and reads nothing back: the export waits until its timeout, on every invocation.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new List<Socket>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                held.Add(await silent.AcceptSocketAsync(stop.Token));
            }
        });
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var environment = Telemetry($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        environment["OTEL_EXPORTER_OTLP_TIMEOUT"] = "300";
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, environment);
        await emulator.WaitUntilReadyAsync(() => function.Output, function);
        var firstCall = emulator.NextCalls;

        for (var i = 0; i < 2; i++)
        {
            var (_, response) = await emulator.SendAsync(EventFormat.V2, new HttpRequestData { RawPath = $"/no/such/route/{i}" },
                new InvocationHeaders { RequestId = $"req-silent-{i}" });
            Assert.Equal(404, response.StatusCode);
        }

        // Without a bound the function would never ask for the next event after the first invocation.
        await WaitForNextAsync(emulator, firstCall + 2, function);
        Assert.False(function.HasExited, function.Output);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
        held.ForEach(s => s.Dispose());
    }

    private static Dictionary<string, string?> Telemetry(string endpoint) => new()
    {
        ["Telemetry__Exporter"] = "otlp",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
        ["OTEL_METRICS_EXPORTER"] = "none",
        ["AWS_LAMBDA_FUNCTION_NAME"] = "latch-transport",
    };

    private static async Task WaitForNextAsync(RuntimeApiEmulator emulator, int calls, FunctionProcess function)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (emulator.NextCalls < calls && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(emulator.NextCalls >= calls, function.Output);
    }

    /// <summary>The process's TCP sockets connected to <paramref name="remotePort"/> on this machine: descriptor and open flags.</summary>
    private static List<(string Fd, int Flags)> SocketsTo(int pid, int remotePort)
    {
        var inodes = File.ReadLines("/proc/net/tcp").Concat(File.ReadLines("/proc/net/tcp6"))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 9 && f[2].Contains(':', StringComparison.Ordinal)
                && int.Parse(f[2][(f[2].IndexOf(':', StringComparison.Ordinal) + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == remotePort)
            .Select(f => $"socket:[{f[9]}]")
            .ToHashSet(StringComparer.Ordinal);
        var found = new List<(string, int)>();
        foreach (var link in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(link).LinkTarget;
            if (target is null || !inodes.Contains(target))
            {
                continue;
            }

            var fd = Path.GetFileName(link);
            var flags = File.ReadLines($"/proc/{pid}/fdinfo/{fd}")
                .Single(l => l.StartsWith("flags:", StringComparison.Ordinal))["flags:".Length..].Trim();
            found.Add((fd, Convert.ToInt32(flags, 8)));
        }

        return found;
    }
}
