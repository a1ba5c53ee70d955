using System.Collections.Concurrent;
using System.Text;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// Lambda may freeze the function as soon as it asks for the next event, and a frozen process exports nothing (the ADOT
/// collector beside it is frozen too once it has taken its own next event; docs/performance.md, "Lambda warm path").
/// So every span the sampler keeps must be at the collector before that request: here the collector's holdings are
/// read at the very moment each /next arrives, for several invocations in a row, with the deployed telemetry settings.
/// </summary>
public sealed class FlushBeforeFreezeTests
{
    private const int Invocations = 5;

    [Fact]
    public async Task Every_kept_span_of_an_invocation_is_at_the_collector_when_the_function_asks_for_the_next_event()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        // What the collector held when each /next arrived, by the call's number.
        var heldAtNext = new ConcurrentDictionary<int, byte[][]>();
        emulator.NextRequested = call => heldAtNext[call] = [.. collector.Received.Where(r => r.Path == "/v1/traces").Select(r => r.Body)];
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, new Dictionary<string, string?>
        {
            ["Telemetry__Exporter"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_METRICS_EXPORTER"] = "none",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "latch-freeze",
        });
        await emulator.WaitUntilReadyAsync(() => function.Output, function);
        var firstCall = emulator.NextCalls;

        var traceIds = new List<string>();
        for (var i = 0; i < Invocations; i++)
        {
            var header = RuntimeApiEmulator.NewTraceId();
            traceIds.Add(header.Split(';')[0]["Root=1-".Length..].Replace("-", "", StringComparison.Ordinal));
            var (_, response) = await emulator.SendAsync(EventFormat.V2, new HttpRequestData { RawPath = $"/no/such/route/{i}" },
                new InvocationHeaders { RequestId = $"req-freeze-{i}", TraceId = header });
            Assert.Equal(404, response.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (emulator.NextCalls < firstCall + Invocations && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(emulator.NextCalls >= firstCall + Invocations, function.Output);
        for (var i = 0; i < Invocations; i++)
        {
            // Invocation i was handed out by /next number firstCall + i; the function's following /next comes after it.
            var held = Assert.Contains(firstCall + i + 1, (IDictionary<int, byte[][]>)heldAtNext);
            var traceId = Convert.FromHexString(traceIds[i]);
            var spans = Encoding.UTF8.GetString([.. held.Where(body => body.AsSpan().IndexOf(traceId) >= 0).SelectMany(body => body)]);
            // Both spans the sampler keeps: the invocation's (FaaS attributes) and the request's (its path).
            Assert.Contains($"req-freeze-{i}", spans, StringComparison.Ordinal);
            Assert.Contains($"/no/such/route/{i}", spans, StringComparison.Ordinal);
        }
    }
}
