using System.Text;
using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// The real Host.Lambda exporting over OTLP to a local listener that plays the ADOT collector layer: the runtime's
/// trace header is the parent, the invocation span carries the FaaS attributes, and the export is complete before
/// the function asks for the next event.
/// </summary>
public sealed class TelemetryTests
{
    private const string RuntimeTraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    [Fact]
    public async Task The_runtime_trace_header_parents_the_invocation_and_spans_are_flushed_before_the_next_event()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var received = collector.Received;
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, new Dictionary<string, string?>
        {
            ["Telemetry__Exporter"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "latch-test",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256",
        });
        await emulator.WaitUntilReadyAsync(() => function.Output, function);
        var warmUp = received.Count;

        var (result, response) = await emulator.SendAsync(EventFormat.V2, new HttpRequestData { RawPath = "/no/such/route" },
            new InvocationHeaders { RequestId = "req-telemetry-1", TraceId = RuntimeTraceHeader });

        var problem = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal("5759e988bd862e3fe1be46a994272793", problem.GetProperty("traceId").GetString());

        // The next /next is only asked for after the flush: the spans are already at the collector when it arrives.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (emulator.NextCalls < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        var traces = received.Skip(warmUp).Where(r => r.Path == "/v1/traces").Select(r => r.Body).ToArray();
        Assert.True(emulator.NextCalls >= 2, function.Output);
        var traceId = Convert.FromHexString("5759e988bd862e3fe1be46a994272793");
        var payload = Assert.Single(traces, t => t.AsSpan().IndexOf(traceId) >= 0);
        var text = Encoding.UTF8.GetString(payload);
        foreach (var attribute in new[] { "faas.invocation_id", "req-telemetry-1", "faas.coldstart", "faas.trigger", "cloud.account.id", "123456789012", "cloud.resource_id" })
        {
            Assert.Contains(attribute, text, StringComparison.Ordinal);
        }

        Assert.True(payload.AsSpan().IndexOf(Convert.FromHexString("53995c3f42cd8ad8")) >= 0, "the runtime's Parent is not a parent span id");
        // The runtime's own calls (fetching events, posting results) are the platform's plumbing, not the app's outgoing
        // requests: no span of theirs (a /next span would last as long as the function waited, frozen or not).
        Assert.DoesNotContain(received.Where(r => r.Path == "/v1/traces"),
            r => r.Body.AsSpan().IndexOf("/2018-06-01/runtime/"u8) >= 0);
        Assert.Equal(InvocationOutcome.Response, result.Outcome);
        Assert.Contains("\"requestId\":\"req-telemetry-1\"", function.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_apps_own_outgoing_calls_are_still_traced_on_the_runtime_apis_host()
    {
        // The Pwned Passwords check asks the collector's host (127.0.0.1, as the emulator's), on another port: an app call
        // the Runtime API filter must leave traced. The collector answers 404 (its span says GET .../range/...), and the
        // check lets the password through.
        await using var collector = await OtlpCollector.StartAsync();
        var received = collector.Received;
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        Assert.StartsWith("127.0.0.1:", emulator.RuntimeApi, StringComparison.Ordinal);
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, new Dictionary<string, string?>
        {
            ["Telemetry__Exporter"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["Passwords__PwnedPasswords__Enabled"] = "true",
            ["Passwords__PwnedPasswords__BaseUrl"] = collector.Endpoint + "/",
        });
        await emulator.WaitUntilReadyAsync(() => function.Output, function);

        var body = Encoding.UTF8.GetBytes($$"""{"email":"traced-{{Guid.NewGuid():N}}@example.com","password":"a long enough passphrase 81"}""");
        var (result, _) = await emulator.SendAsync(EventFormat.V2, new HttpRequestData
        {
            Method = "POST",
            RawPath = "/v1/auth/register",
            Headers = [new("content-type", "application/json")],
            Body = body,
        }, new InvocationHeaders { RequestId = "req-telemetry-2", TraceId = RuntimeTraceHeader });
        Assert.Equal(InvocationOutcome.Response, result.Outcome);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (emulator.NextCalls < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        var traces = received.Where(r => r.Path == "/v1/traces").Select(r => r.Body).ToArray();
        Assert.Contains(traces, t => t.AsSpan().IndexOf("/range/"u8) >= 0);
        Assert.DoesNotContain(traces, t => t.AsSpan().IndexOf("/2018-06-01/runtime/"u8) >= 0);
        Assert.DoesNotContain(traces, t => t.AsSpan().IndexOf("/v1/traces"u8) >= 0); // nor the export itself
    }

    [Fact]
    public async Task An_events_method_HTTP_does_not_define_is_logged_as_other()
    {
        // The method is the event's text: any string, control characters included, whatever sent the event.
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi);
        await emulator.WaitUntilReadyAsync(() => function.Output, function);

        var (odd, _) = await emulator.SendAsync(EventFormat.V2, new HttpRequestData { Method = "PROPFIND\n\u2028" + new string('M', 4_000), RawPath = "/v1/users/me" },
            new InvocationHeaders { RequestId = "req-method-odd" });
        var (lower, _) = await emulator.SendAsync(EventFormat.V2, new HttpRequestData { Method = "get", RawPath = "/v1/users/me" },
            new InvocationHeaders { RequestId = "req-method-lower" });
        Assert.Equal(InvocationOutcome.Response, odd.Outcome);
        Assert.Equal(InvocationOutcome.Response, lower.Outcome);

        // Written before the result is posted; read from the process's output a moment later.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement[] lines;
        do
        {
            await Task.Delay(20);
            lines = function.Output.Split('\n').Where(l => l.Contains("\"eventId\":4000", StringComparison.Ordinal))
                .Select(l => JsonDocument.Parse(l).RootElement)
                .Where(l => l.TryGetProperty("requestId", out var id) && id.GetString() is "req-method-odd" or "req-method-lower").ToArray();
        }
        while (lines.Length < 2 && DateTime.UtcNow < deadline);

        Assert.Equal(["_OTHER", "GET"], lines.Select(l => l.GetProperty("method").GetString()));
        Assert.DoesNotContain("MMMM", function.Output, StringComparison.Ordinal);
    }
}
