using System.Net;
using System.Text.Json;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Hosting;

/// <summary>
/// Incoming trace headers on the Kestrel host over a real socket. Behind a load balancer <c>X-Amzn-Trace-Id</c>
/// is the request's trace: its problem's <c>traceId</c> and every log line it writes carry it, with the default
/// settings (no exporter) as with one. Whether the trace is recorded and exported is another matter: a caller's
/// sampled flag is a request to spend the service's money, followed only from a configured proxy.
/// </summary>
public sealed class TraceHeaderTests
{
    private const string TraceId = "5759e988bd862e3fe1be46a994272793";
    private const string XRayHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_X_Ray_header_is_the_trace_of_the_problem_and_of_every_log_line(bool exporting)
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var host = await KestrelProcess.StartAsync(exporting
            ? new Dictionary<string, string?> { ["Telemetry__Exporter"] = "otlp", ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint }
            : new Dictionary<string, string?>()); // Telemetry:Exporter unset: none
        using var client = host.CreateClient();

        foreach (var (method, path, body, status) in new (string, string, string?, HttpStatusCode)[]
                 {
                     ("GET", "/no/such/route", null, HttpStatusCode.NotFound),
                     ("POST", "/v1/auth/login", JsonSerializer.Serialize(new { email = Api.NewEmail(), password = "not the password at all" }),
                         HttpStatusCode.Unauthorized),
                 })
        {
            var before = host.LogLines().Count;
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Add("X-Amzn-Trace-Id", XRayHeader);
            if (body is not null)
            {
                request.Content = Api.Json(body);
            }

            using var response = await client.SendAsync(request);
            var problem = await response.AssertProblem(status, status == HttpStatusCode.NotFound ? "not_found" : "invalid_credentials");
            Assert.Equal(TraceId, problem.GetProperty("traceId").GetString());

            // The request's own line is written as it ends; give it a moment, then read what this request wrote.
            await WaitUntilAsync(() => host.LogLines().Skip(before).Any(l => l.GetProperty("category").GetString() == "Latch.Http"));
            var lines = host.LogLines().Skip(before).ToArray();
            Assert.NotEmpty(lines);
            Assert.All(lines, line => Assert.True(line.TryGetProperty("traceId", out var id) && id.GetString() == TraceId, line.ToString()));
        }
    }

    [Theory]
    [InlineData("Root=1-67891233-abcdef012345678912345678")] // what an Application Load Balancer sends
    [InlineData("Self=1-67891233-12456789abcdef012345678;Root=1-67891233-abcdef012345678912345678")] // after a second hop
    [InlineData("Root=1-67891233-abcdef012345678912345678;Sampled=1")]
    [InlineData("Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8")]
    public async Task A_load_balancers_header_with_only_a_root_names_the_trace(string header)
    {
        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>());
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/route");
        request.Headers.Add("X-Amzn-Trace-Id", header);

        using var response = await client.SendAsync(request);

        var problem = await response.AssertProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("67891233abcdef012345678912345678", problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Behind_a_configured_proxy_a_root_without_a_decision_is_sampled_by_the_ratio()
    {
        // Ratio 1: a load balancer's header, which decides nothing, must not read as "not sampled".
        await using var collector = await OtlpReceiver.StartAsync();
        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Telemetry__Exporter"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
        });
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/route");
        request.Headers.Add("X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        await WaitUntilAsync(() => collector.HasTrace("67891233abcdef012345678912345678"));
        Assert.True(collector.HasTrace("67891233abcdef012345678912345678"));
    }

    [Theory]
    [InlineData("X-Amzn-Trace-Id", XRayHeader)]
    [InlineData("traceparent", "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")]
    public async Task A_clients_sampled_flag_is_not_followed_but_a_configured_proxys_is(string header, string value)
    {
        // The ratio is 0: only a followed sampled flag can make this trace exported.
        await using var collector = await OtlpReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Telemetry__Exporter"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_TRACES_SAMPLER_ARG"] = "0",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        };

        await using (var direct = await KestrelProcess.StartAsync(settings))
        {
            await SendTracedAsync(direct, header, value);
            await Task.Delay(TimeSpan.FromSeconds(3)); // thirty export periods
            Assert.False(collector.HasTrace(TraceId), "a client's sampled flag forced the trace to be exported");
        }

        settings["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1";
        await using var behindProxy = await KestrelProcess.StartAsync(settings);
        await SendTracedAsync(behindProxy, header, value);
        await WaitUntilAsync(() => collector.HasTrace(TraceId));
        Assert.True(collector.HasTrace(TraceId), "a configured proxy's sampled flag was not followed");
    }

    private static async Task SendTracedAsync(KestrelProcess host, string header, string value)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/route");
        request.Headers.Add(header, value);
        using var response = await client.SendAsync(request);
        var problem = await response.AssertProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(TraceId, problem.GetProperty("traceId").GetString()); // the id is kept either way
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }
}
