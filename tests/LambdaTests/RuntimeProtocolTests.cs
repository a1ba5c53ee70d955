using System.Diagnostics;
using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>The Runtime API side: events that are not API Gateway events, refused responses, the deadline.</summary>
public sealed class RuntimeProtocolTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task AssertStillServingAsync()
    {
        var (_, response) = await app.Emulator.SendAsync(EventFormat.V2, new HttpRequestData { RawPath = "/health/live" });
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public void Init_sends_a_warm_up_request_per_payload_format_through_the_pipeline() => Assert.Equal(2, app.WarmUps);

    [Fact]
    public async Task A_non_JSON_event_is_posted_to_error_and_the_loop_goes_on()
    {
        var result = await app.Emulator.InvokeAsync("this is not JSON");

        Assert.Equal(InvocationOutcome.Error, result.Outcome);
        Assert.Equal("Runtime.InvalidEvent", result.ErrorType);
        var body = result.Json;
        Assert.Equal("Runtime.InvalidEvent", body.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("errorMessage").GetString()));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("stackTrace").ValueKind);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("""{"Records":[{"eventSource":"aws:sqs"}]}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"httpMethod":"GET","path":"/","requestContext":{"elb":{"targetGroupArn":"arn"}}}""")]
    public async Task A_JSON_event_that_is_not_from_API_Gateway_is_posted_to_error(string json)
    {
        var result = await app.Emulator.InvokeAsync(json);

        Assert.Equal(InvocationOutcome.Error, result.Outcome);
        Assert.Equal("Runtime.UnsupportedEvent", result.ErrorType);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task A_response_refused_as_too_large_is_logged_and_the_loop_goes_on()
    {
        app.Emulator.MaxResponseBytes = 2048;
        try
        {
            var result = await app.Emulator.InvokeAsync(ApiGatewayEvents.Create(EventFormat.V2, new HttpRequestData { RawPath = "/big" }));

            Assert.Equal(InvocationOutcome.Refused, result.Outcome);
            Assert.Equal(413, result.RuntimeApiStatus);
        }
        finally
        {
            app.Emulator.MaxResponseBytes = 6 * 1024 * 1024;
        }

        await AssertStillServingAsync();
        Assert.Contains(app.Log, line => line.Contains("as too large", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(EventFormat.V1, "/slow")]
    [InlineData(EventFormat.V2, "/slow")]
    [InlineData(EventFormat.V2, "/stubborn")]
    public async Task Near_the_deadline_the_app_answers_503_instead_of_being_killed(EventFormat format, string path)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(4);
        var clock = Stopwatch.StartNew();

        var (result, response) = await app.Emulator.SendAsync(format, new HttpRequestData { RawPath = path },
            new InvocationHeaders { Deadline = deadline });

        Assert.True(DateTimeOffset.UtcNow < deadline, $"answered {clock.Elapsed} after the invocation, past its deadline");
        Assert.Equal(503, response.StatusCode);
        Assert.NotEmpty(response.HeaderValues("Retry-After"));
        if (path == "/slow")
        {
            // The app's own error path answered: problem+json with its stable code.
            Assert.True(response.Body.Length > 0, result.Text + string.Join('\n', app.Log));
            Assert.Equal("unavailable", JsonDocument.Parse(response.Body).RootElement.GetProperty("code").GetString());
        }

        await AssertStillServingAsync();
    }
}
