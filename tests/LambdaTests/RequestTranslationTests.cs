using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>Event → request: what the app sees for each case API Gateway can send, in both payload formats.</summary>
public sealed class RequestTranslationTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<JsonElement> EchoAsync(EventFormat format, HttpRequestData request, InvocationHeaders? headers = null)
    {
        var (_, response) = await app.Emulator.SendAsync(format, request, headers);
        Assert.Equal(200, response.StatusCode);
        return JsonDocument.Parse(response.Body).RootElement;
    }

    private async Task<JsonElement> EchoRawAsync(JsonNode @event)
    {
        var result = await app.Emulator.InvokeAsync(@event.ToJsonString());
        Assert.True(result.Outcome == InvocationOutcome.Response, result.Text);
        var format = @event["version"]?.GetValue<string>() == "2.0" ? EventFormat.V2 : EventFormat.V1;
        var response = ApiGatewayResults.Parse(format, result.Payload);
        Assert.True(response.StatusCode == 200, response.Text);
        return JsonDocument.Parse(response.Body).RootElement;
    }

    [Fact]
    public async Task V1_path_with_plus_encoded_slash_space_and_non_ascii_is_decoded_as_Kestrel_decodes_it()
    {
        // REST APIs send the path as the client encoded it.
        var echo = await EchoAsync(EventFormat.V1, new HttpRequestData { RawPath = "/files/a+b/c%2Fd/e%20f/%C3%A9t%C3%A9" });

        Assert.Equal("/files/a+b/c%2Fd/e f/été", echo.GetProperty("path").GetString());
        Assert.Equal("", echo.GetProperty("pathBase").GetString());
        Assert.Equal("/files/a+b/c%2Fd/e%20f/%C3%A9t%C3%A9", echo.GetProperty("rawTarget").GetString());
    }

    [Fact]
    public async Task V2_decoded_raw_path_is_re_encoded_and_keeps_plus_space_and_non_ascii()
    {
        // HTTP APIs decode rawPath before they send it (so an encoded slash is already a slash).
        var echo = await EchoAsync(EventFormat.V2, new HttpRequestData { RawPath = "/files/a+b/c%2Fd/e%20f/%C3%A9t%C3%A9" });

        Assert.Equal("/files/a+b/c/d/e f/été", echo.GetProperty("path").GetString());
        Assert.Equal("/files/a+b/c/d/e%20f/%C3%A9t%C3%A9", echo.GetProperty("rawTarget").GetString());
    }

    [Fact]
    public async Task V2_encoded_raw_path_of_a_function_url_keeps_its_encoded_slash()
    {
        var @event = JsonNode.Parse(ApiGatewayEvents.Create(EventFormat.V2, new HttpRequestData()))!;
        @event["rawPath"] = "/files/c%2Fd/e%20f/%C3%A9";

        var echo = await EchoRawAsync(@event);

        Assert.Equal("/files/c%2Fd/e f/é", echo.GetProperty("path").GetString());
        Assert.Equal("/files/c%2Fd/e%20f/%C3%A9", echo.GetProperty("rawTarget").GetString());
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Query_keeps_plus_encoded_plus_space_and_repeated_keys(EventFormat format)
    {
        var echo = await EchoAsync(format, new HttpRequestData { RawPath = "/q", RawQuery = "x=a+b&x=a%2Bb&y=a%20b&z=1&z=2&e=%C3%A9" });

        // Exactly what Kestrel gives for the same query string.
        Assert.Equal(["a b", "a+b"], echo.Values("query", "x"));
        Assert.Equal(["a b"], echo.Values("query", "y"));
        Assert.Equal(["1", "2"], echo.Values("query", "z"));
        Assert.Equal(["é"], echo.Values("query", "e"));
    }

    [Fact]
    public async Task V2_raw_query_string_is_used_verbatim()
    {
        var echo = await EchoAsync(EventFormat.V2, new HttpRequestData { RawPath = "/q", RawQuery = "x=a+b&x=a%2Bb&y=a%20b" });

        Assert.Equal("?x=a+b&x=a%2Bb&y=a%20b", echo.GetProperty("queryString").GetString());
        Assert.Equal("/q?x=a+b&x=a%2Bb&y=a%20b", echo.GetProperty("rawTarget").GetString());
    }

    [Fact]
    public async Task V1_query_values_are_encoded_exactly_once()
    {
        var echo = await EchoAsync(EventFormat.V1, new HttpRequestData { RawPath = "/q", RawQuery = "x=a+b&x=a%2Bb&k%26=v%3D" });

        Assert.Equal("?x=a%20b&x=a%2Bb&k%26=v%3D", echo.GetProperty("queryString").GetString());
        Assert.Equal(["v="], echo.Values("query", "k&"));
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task A_named_stage_becomes_PathBase(EventFormat format)
    {
        var echo = await EchoAsync(format, new HttpRequestData { RawPath = "/v1/items/7", Stage = "v1" });

        Assert.Equal("/v1", echo.GetProperty("pathBase").GetString());
        Assert.Equal("/items/7", echo.GetProperty("path").GetString());
        Assert.Equal("/v1/items/7", echo.GetProperty("rawTarget").GetString());
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task A_route_that_starts_with_the_stage_name_is_not_cut(EventFormat format)
    {
        // Stage v1; the app's route /v1beta/x and its route /v1/x must both arrive whole.
        var lookalike = await EchoAsync(format, new HttpRequestData { RawPath = "/v1/v1beta/x", Stage = "v1" });
        var sameName = await EchoAsync(format, new HttpRequestData { RawPath = "/v1/v1/x", Stage = "v1" });

        Assert.Equal("/v1beta/x", lookalike.GetProperty("path").GetString());
        Assert.Equal("/v1/x", sameName.GetProperty("path").GetString());
        Assert.Equal("/v1", sameName.GetProperty("pathBase").GetString());
    }

    [Fact]
    public async Task V2_lookalike_prefix_without_the_stage_segment_is_left_alone()
    {
        var @event = JsonNode.Parse(ApiGatewayEvents.Create(EventFormat.V2, new HttpRequestData { RawPath = "/v1beta/x", Stage = "v1" }))!;

        var echo = await EchoRawAsync(@event);

        Assert.Equal("", echo.GetProperty("pathBase").GetString());
        Assert.Equal("/v1beta/x", echo.GetProperty("path").GetString());
    }

    [Fact]
    public async Task V2_stage_is_not_cut_on_a_custom_domain_where_the_path_carries_no_stage()
    {
        var @event = JsonNode.Parse(ApiGatewayEvents.Create(EventFormat.V2, new HttpRequestData { RawPath = "/v1/auth/login", Stage = "v1" }))!;
        @event["requestContext"]!["domainName"] = "api.example.com";

        var echo = await EchoRawAsync(@event);

        Assert.Equal("/v1/auth/login", echo.GetProperty("path").GetString());
    }

    [Theory]
    [InlineData(EventFormat.V1, "/mapped/items", "/mapped", "/items")]
    [InlineData(EventFormat.V2, "/mapped/items", "/mapped", "/items")]
    [InlineData(EventFormat.V2, "/mappedx/items", "", "/mappedx/items")]
    public async Task A_base_path_mapping_moves_to_PathBase_on_a_whole_segment_only(EventFormat format, string rawPath,
        string pathBase, string path)
    {
        var echo = await EchoAsync(format, new HttpRequestData { RawPath = rawPath });

        Assert.Equal(pathBase, echo.GetProperty("pathBase").GetString());
        Assert.Equal(path, echo.GetProperty("path").GetString());
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Comma_containing_headers_arrive_whole(EventFormat format)
    {
        const string date = "Tue, 15 Nov 1994 08:12:31 GMT";
        const string agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";

        var echo = await EchoAsync(format, new HttpRequestData
        {
            Headers = [new("Date", date), new("User-Agent", agent), new("Accept", "text/html, application/json")],
        });

        Assert.Equal([date], echo.Values("headers", "date"));
        Assert.Equal([agent], echo.Values("headers", "user-agent"));
        Assert.Equal(["text/html, application/json"], echo.Values("headers", "accept"));
    }

    [Fact]
    public async Task V1_repeated_headers_keep_every_value()
    {
        var echo = await EchoAsync(EventFormat.V1, new HttpRequestData { Headers = [new("X-Multi", "a"), new("X-Multi", "b")] });

        Assert.Equal(["a", "b"], echo.Values("headers", "x-multi"));
    }

    [Fact]
    public async Task V2_cookies_become_one_Cookie_header()
    {
        var echo = await EchoAsync(EventFormat.V2, new HttpRequestData { Headers = [new("Cookie", "a=1; b=2")] });

        Assert.Equal(["a=1; b=2"], echo.Values("headers", "cookie"));
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Base64_body_is_decoded_and_its_length_synthesised(EventFormat format)
    {
        byte[] bytes = [0, 1, 2, 0x7F, 0x80, 0xFE, 0xFF];

        var echo = await EchoAsync(format, new HttpRequestData
        {
            Method = "POST",
            Headers = [new("Content-Type", "application/octet-stream")],
            Body = bytes,
        });

        Assert.Equal(Convert.ToBase64String(bytes), echo.GetProperty("body").GetString());
        Assert.Equal(bytes.Length, echo.GetProperty("contentLength").GetInt64());
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Text_body_arrives_as_UTF8_with_its_byte_length(EventFormat format)
    {
        var echo = await EchoAsync(format, new HttpRequestData
        {
            Method = "POST",
            Headers = [new("Content-Type", "application/json"), new("Content-Length", "1")],
            Body = Encoding.UTF8.GetBytes("{\"name\":\"Zoë\"}"),
        });

        Assert.Equal("{\"name\":\"Zoë\"}", Encoding.UTF8.GetString(Convert.FromBase64String(echo.GetProperty("body").GetString()!)));
        Assert.Equal(15, echo.GetProperty("contentLength").GetInt64());
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Invalid_base64_body_is_a_clean_400_and_the_loop_goes_on(EventFormat format)
    {
        var @event = JsonNode.Parse(ApiGatewayEvents.Create(format, new HttpRequestData
        {
            Method = "POST",
            Headers = [new("Content-Type", "application/json")],
        }))!;
        @event["body"] = "Hello from Lambda";
        @event["isBase64Encoded"] = true;

        var result = await app.Emulator.InvokeAsync(@event.ToJsonString());
        var response = ApiGatewayResults.Parse(format, result.Payload);

        Assert.Equal(InvocationOutcome.Response, result.Outcome);
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("application/problem+json", response.HeaderValues("Content-Type").Single());
        Assert.Equal("malformed_request", JsonDocument.Parse(response.Body).RootElement.GetProperty("code").GetString());
        var (_, next) = await app.Emulator.SendAsync(format, new HttpRequestData { RawPath = "/health/live" });
        Assert.Equal(200, next.StatusCode);
    }

    [Fact]
    public async Task The_body_size_limit_the_app_sets_is_enforced_as_on_Kestrel()
    {
        var (_, response) = await app.Emulator.SendAsync(EventFormat.V2, new HttpRequestData
        {
            Method = "POST",
            RawPath = "/limited",
            Headers = [new("Content-Type", "text/plain")],
            Body = Encoding.UTF8.GetBytes("more than eight bytes"),
        });

        Assert.Equal(413, response.StatusCode);
        Assert.Equal("payload_too_large", JsonDocument.Parse(response.Body).RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Source_ip_scheme_and_method_reach_the_app(EventFormat format)
    {
        var echo = await EchoAsync(format, new HttpRequestData { Method = "PUT", SourceIp = "203.0.113.9" });

        Assert.Equal("203.0.113.9", echo.GetProperty("remoteIp").GetString());
        Assert.Equal("https", echo.GetProperty("scheme").GetString());
        Assert.Equal("PUT", echo.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Host_falls_back_to_the_domain_name()
    {
        var echo = await EchoAsync(EventFormat.V2, new HttpRequestData());

        Assert.Equal(ApiGatewayEvents.DomainName, echo.GetProperty("host").GetString());
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task The_runtime_trace_header_is_the_parent_of_the_request_activity(EventFormat format)
    {
        const string trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

        // A client-chosen trace context must not win over the invocation's.
        var echo = await EchoAsync(format, new HttpRequestData
        {
            Headers = [new("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")],
        }, new InvocationHeaders { TraceId = trace });

        Assert.Equal("5759e988bd862e3fe1be46a994272793", echo.GetProperty("traceId").GetString());
        Assert.Equal("53995c3f42cd8ad8", echo.GetProperty("parentSpanId").GetString());
        Assert.Equal(trace, echo.GetProperty("xrayEnvironment").GetString());
    }
}
