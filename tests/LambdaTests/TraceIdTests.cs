using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// On Lambda the invocation's trace is the runtime's X-Ray header: the problem's <c>traceId</c> and every log line
/// of the invocation carry it, with no exporter configured and with Lambda's default (OTLP). Trace headers a client
/// put on the HTTP request choose nothing, with the runtime's header or without it.
/// </summary>
public sealed class TraceIdTests
{
    private const string RuntimeTraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private const string RuntimeTraceId = "5759e988bd862e3fe1be46a994272793";
    private const string ClientTraceId = "6a2f0c3e0123456789abcdef01234567";

    private static readonly KeyValuePair<string, string>[] ClientTraceHeaders =
    [
        new("x-amzn-trace-id", "Root=1-6a2f0c3e-0123456789abcdef01234567;Parent=1111111111111111;Sampled=1"),
        new("traceparent", $"00-{ClientTraceId}-1111111111111111-01"),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_runtime_header_is_the_trace_of_the_problem_and_of_every_log_line(bool lambdaDefaults)
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, lambdaDefaults
            ? new Dictionary<string, string?>
            {
                ["AWS_LAMBDA_FUNCTION_NAME"] = "latch-test", // Telemetry:Exporter defaults to otlp on Lambda
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            }
            : new Dictionary<string, string?>());
        await emulator.WaitUntilReadyAsync(() => function.Output, function);

        foreach (var format in new[] { EventFormat.V1, EventFormat.V2 })
        {
            var requestId = $"req-trace-{format}";
            var (_, response) = await emulator.SendAsync(format,
                new HttpRequestData { RawPath = "/no/such/route", Headers = ClientTraceHeaders },
                new InvocationHeaders { RequestId = requestId, TraceId = RuntimeTraceHeader });

            Assert.Equal(RuntimeTraceId, JsonDocument.Parse(response.Body).RootElement.GetProperty("traceId").GetString());
            var lines = LinesOf(() => function.Output, requestId);
            Assert.Contains(lines, l => l.GetProperty("category").GetString() == "Latch.Http");
            Assert.All(lines, line => Assert.True(line.TryGetProperty("traceId", out var id) && id.GetString() == RuntimeTraceId, line.ToString()));
        }
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Without_a_runtime_header_the_clients_trace_headers_are_not_used(EventFormat format)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi);
        await emulator.WaitUntilReadyAsync(() => function.Output, function);

        var (_, response) = await emulator.SendAsync(format,
            new HttpRequestData { RawPath = "/no/such/route", Headers = ClientTraceHeaders },
            new InvocationHeaders { WithoutTraceId = true });

        var traceId = JsonDocument.Parse(response.Body).RootElement.GetProperty("traceId").GetString();
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        Assert.NotEqual(ClientTraceId, traceId);
    }

    private static JsonElement[] LinesOf(Func<string> output, string requestId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement[] lines;
        do
        {
            lines = output().Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.StartsWith('{'))
                .Select(l => JsonDocument.Parse(l).RootElement.Clone())
                .Where(l => l.TryGetProperty("requestId", out var id) && id.GetString() == requestId)
                .ToArray();
        }
        while (lines.Length == 0 && DateTime.UtcNow < deadline && Pause());

        return lines;
    }

    private static bool Pause()
    {
        Thread.Sleep(50);
        return true;
    }
}
