using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>The AWS documentation's sample events (Data/lambda-events), byte for byte, through the real Host.Lambda.</summary>
public sealed class SampleEventTests(BuiltFunction function) : IClassFixture<BuiltFunction>
{
    private const string Trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    [Theory]
    [InlineData("apigw-rest-v1-proxy-event.json", EventFormat.V1)]
    [InlineData("apigw-rest-v1-proxy-event-prod-stage.json", EventFormat.V1)]
    [InlineData("apigw-http-v2-event.json", EventFormat.V2)]
    [InlineData("apigw-http-v2-event-named-stage-cookies.json", EventFormat.V2)]
    public async Task Each_sample_event_gets_the_apps_answer_in_its_own_format(string file, EventFormat format)
    {
        var result = await function.Emulator.InvokeAsync(await File.ReadAllBytesAsync(TestPaths.SampleEvent(file)),
            new InvocationHeaders { TraceId = Trace });

        Assert.True(result.Outcome == InvocationOutcome.Response, $"{result.Outcome}: {result.Text}\n{function.Process.Output}");
        var payload = result.Json;
        Assert.Equal(format == EventFormat.V1, payload.TryGetProperty("multiValueHeaders", out _));
        Assert.Equal(format == EventFormat.V2, payload.TryGetProperty("headers", out _));

        // None of the sample paths is a route of the app: its 404, problem+json, on the invocation's trace.
        var response = ApiGatewayResults.Parse(format, result.Payload);
        Assert.Equal(404, response.StatusCode);
        Assert.Equal("application/problem+json", response.HeaderValues("Content-Type").Single());
        var problem = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal("not_found", problem.GetProperty("code").GetString());
        Assert.Equal("5759e988bd862e3fe1be46a994272793", problem.GetProperty("traceId").GetString());
        Assert.Equal("nosniff", response.HeaderValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task The_apps_routes_answer_in_both_formats(EventFormat format)
    {
        var (_, live) = await function.Emulator.SendAsync(format, new HttpRequestData { RawPath = "/health/live" });
        var (_, ready) = await function.Emulator.SendAsync(format, new HttpRequestData { RawPath = "/health/ready" });
        var (_, openApi) = await function.Emulator.SendAsync(format, new HttpRequestData { RawPath = "/openapi/v1.json" });
        var (_, wrongMethod) = await function.Emulator.SendAsync(format, new HttpRequestData { Method = "POST", RawPath = "/health/live" });

        Assert.Equal(200, live.StatusCode);
        Assert.Equal(200, ready.StatusCode);
        Assert.Equal(200, openApi.StatusCode);
        Assert.StartsWith("3.", JsonDocument.Parse(openApi.Body).RootElement.GetProperty("openapi").GetString());
        Assert.Equal(405, wrongMethod.StatusCode);
        Assert.Equal("method_not_allowed", JsonDocument.Parse(wrongMethod.Body).RootElement.GetProperty("code").GetString());
    }
}

/// <summary>The same sample events through the echo app: what the request looked like to the app.</summary>
public sealed class SampleEventRequestTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<JsonElement> EchoAsync(string file, EventFormat format)
    {
        var result = await app.Emulator.InvokeAsync(await File.ReadAllBytesAsync(TestPaths.SampleEvent(file)));
        Assert.True(result.Outcome == InvocationOutcome.Response, result.Text);
        var response = ApiGatewayResults.Parse(format, result.Payload);
        Assert.True(response.StatusCode == 200, response.Text);
        return JsonDocument.Parse(response.Body).RootElement;
    }

    [Fact]
    public async Task Rest_proxy_event()
    {
        var echo = await EchoAsync("apigw-rest-v1-proxy-event.json", EventFormat.V1);

        Assert.Equal("GET", echo.GetProperty("method").GetString());
        Assert.Equal("/my/path", echo.GetProperty("path").GetString());
        Assert.Equal(["value1", "value2"], echo.Values("query", "parameter1"));
        Assert.Equal(["value"], echo.Values("query", "parameter2"));
        Assert.Equal(["value1", "value2"], echo.Values("headers", "header2"));
        Assert.Equal("Hello from Lambda!", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(echo.GetProperty("body").GetString()!)));
        Assert.Equal(18, echo.GetProperty("contentLength").GetInt64());
        Assert.Equal(JsonValueKind.Null, echo.GetProperty("remoteIp").ValueKind); // "IP" is no address
        Assert.Equal("id.execute-api.us-east-1.amazonaws.com", echo.GetProperty("host").GetString());
    }

    [Fact]
    public async Task Rest_proxy_event_on_a_named_stage()
    {
        var echo = await EchoAsync("apigw-rest-v1-proxy-event-prod-stage.json", EventFormat.V1);

        Assert.Equal("/Prod", echo.GetProperty("pathBase").GetString());
        Assert.Equal("/", echo.GetProperty("path").GetString());
        // multiValueHeaders wins over headers where the two disagree.
        Assert.Equal("70ixmpl4fl.execute-api.ca-central-1.amazonaws.com", echo.GetProperty("host").GetString());
        Assert.Equal(["s_fid=7AABXMPL1AFD9BBF-0643XMPL09956DE2; regStatus=pre-register;"], echo.Values("headers", "cookie"));
        Assert.Equal("52.255.255.12", echo.GetProperty("remoteIp").GetString());
        Assert.Equal("", echo.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Http_api_event()
    {
        var echo = await EchoAsync("apigw-http-v2-event.json", EventFormat.V2);

        Assert.Equal("POST", echo.GetProperty("method").GetString());
        Assert.Equal("/my/path", echo.GetProperty("path").GetString());
        Assert.Equal("?parameter1=value1&parameter1=value2&parameter2=value", echo.GetProperty("queryString").GetString());
        Assert.Equal(["value1,value2"], echo.Values("headers", "header2"));
        Assert.Equal(["cookie1; cookie2"], echo.Values("headers", "cookie"));
        Assert.Equal("192.0.2.1", echo.GetProperty("remoteIp").GetString());
        Assert.Equal("id.execute-api.us-east-1.amazonaws.com", echo.GetProperty("host").GetString());
        Assert.Equal(17, echo.GetProperty("contentLength").GetInt64());
    }

    [Fact]
    public async Task Http_api_event_on_a_named_stage_with_cookies_and_base64_flag_but_no_body()
    {
        var echo = await EchoAsync("apigw-http-v2-event-named-stage-cookies.json", EventFormat.V2);

        Assert.Equal("/default", echo.GetProperty("pathBase").GetString());
        Assert.Equal("/nodejs-apig-function-1G3XMPLZXVXYI", echo.GetProperty("path").GetString());
        Assert.Equal(["s_fid=7AABXMPL1AFD9BBF-0643XMPL09956DE2; regStatus=pre-register"], echo.Values("headers", "cookie"));
        Assert.Equal("", echo.GetProperty("body").GetString());
        Assert.Equal(0, echo.GetProperty("contentLength").GetInt64());
        Assert.Equal("205.255.255.176", echo.GetProperty("remoteIp").GetString());
    }
}
