using System.Net;
using Latch.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Latch.IntegrationTests;

/// <summary>The real OTLP/HTTP exporter, posting to a real local listener that plays the ADOT collector.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Spans_are_exported_over_OTLP_HTTP_protobuf_with_the_requests_trace_id()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var received = collector.Received;
        var endpoint = collector.Endpoint;

        await using var app = new LatchFactory(new Dictionary<string, string?>
        {
            ["Telemetry:Exporter"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint,
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/route");
        request.Headers.Add("X-Amzn-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        using var response = await app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        // The server ends the request's span when it disposes the request, which can be just after the client has the
        // response: flush until the span has gone out (or 10 s have).
        var traceId = Convert.FromHexString("5759e988bd862e3fe1be46a994272793");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        (string Path, string ContentType, byte[] Body)[] traces;
        do
        {
            Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000));
            traces = [.. received.Where(r => r.Path == "/v1/traces")];
        }
        while (!traces.Any(t => t.Body.AsSpan().IndexOf(traceId) >= 0) && DateTime.UtcNow < deadline && await Pause());

        Assert.NotEmpty(traces);
        Assert.All(traces, t => Assert.Equal("application/x-protobuf", t.ContentType));
        Assert.Contains(traces, t => t.Body.AsSpan().IndexOf(traceId) >= 0);
    }

    [Fact]
    public async Task An_unreachable_collector_never_fails_a_request()
    {
        await using var app = new LatchFactory(new Dictionary<string, string?>
        {
            ["Telemetry:Exporter"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
        });
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        app.Services.GetRequiredService<TracerProvider>().ForceFlush(5_000);
        using var after = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(50);
        return true;
    }
}
