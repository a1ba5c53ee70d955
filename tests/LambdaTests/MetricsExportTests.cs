using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// The deployed stack sets OTEL_METRICS_EXPORTER=none: the ADOT collector layer's default configuration has no
/// metrics destination but its debug exporter, so metrics sent to it would only be log noise (docs/deploy.md,
/// "Metrics"). Traces still go out; without the variable, metrics do too (so the first test can fail).
/// </summary>
public sealed class MetricsExportTests
{
    [Fact]
    public async Task With_OTEL_METRICS_EXPORTER_none_only_traces_reach_the_collector() =>
        Assert.Equal(["/v1/traces"], await ExportedSignalsAsync(metricsExporter: "none"));

    [Fact]
    public async Task Without_it_metrics_are_exported_beside_the_traces() =>
        Assert.Equal(["/v1/metrics", "/v1/traces"], await ExportedSignalsAsync(metricsExporter: null));

    private static async Task<string[]> ExportedSignalsAsync(string? metricsExporter)
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, new Dictionary<string, string?>
        {
            ["Telemetry__Exporter"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_METRICS_EXPORTER"] = metricsExporter,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "latch-test",
        });
        await emulator.WaitUntilReadyAsync(() => function.Output, function);

        await emulator.SendAsync(EventFormat.V2, new HttpRequestData { RawPath = "/no/such/route" });
        // Spans and metrics are flushed after each response, before the next event is asked for.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (emulator.NextCalls < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.True(emulator.NextCalls >= 2, function.Output);
        return [.. collector.Received.Select(r => r.Path).Distinct().Order(StringComparer.Ordinal)];
    }
}
