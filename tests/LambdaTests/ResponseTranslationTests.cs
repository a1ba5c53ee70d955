using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>Response → payload: status, headers, cookies and body encoding in both formats.</summary>
public sealed class ResponseTranslationTests(TestApp app) : IClassFixture<TestApp>
{
    private async Task<JsonElement> PayloadAsync(EventFormat format, string path)
    {
        var (result, _) = await app.Emulator.SendAsync(format, new HttpRequestData { RawPath = path });
        return result.Json;
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Binary_response_is_base64(EventFormat format)
    {
        var payload = await PayloadAsync(format, "/binary");

        Assert.True(payload.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i), Convert.FromBase64String(payload.GetProperty("body").GetString()!));
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Json_and_text_responses_are_UTF8_text(EventFormat format)
    {
        var json = await PayloadAsync(format, "/health/live");
        var text = await PayloadAsync(format, "/text");

        Assert.False(json.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("{\"status\":\"Healthy\"}", json.GetProperty("body").GetString());
        Assert.False(text.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("héllo, wörld", text.GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_response_with_a_content_coding_is_base64_even_when_its_type_is_text()
    {
        var payload = await PayloadAsync(EventFormat.V2, "/gzip");

        Assert.True(payload.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal("gzip", payload.GetProperty("headers").GetProperty("Content-Encoding").GetString());
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task No_content_has_an_empty_body(EventFormat format)
    {
        var payload = await PayloadAsync(format, "/nocontent");

        Assert.Equal(204, payload.GetProperty("statusCode").GetInt32());
        Assert.Equal("", payload.GetProperty("body").GetString());
        Assert.False(payload.GetProperty("isBase64Encoded").GetBoolean());
    }

    [Fact]
    public async Task V1_sends_every_header_in_multiValueHeaders_and_both_cookies_apart()
    {
        var payload = await PayloadAsync(EventFormat.V1, "/cookies");

        Assert.False(payload.TryGetProperty("headers", out _));
        var cookies = payload.GetProperty("multiValueHeaders").GetProperty("Set-Cookie").EnumerateArray().Select(c => c.GetString()).ToArray();
        Assert.Equal(2, cookies.Length);
        Assert.StartsWith("a=1;", cookies[0]);
        Assert.StartsWith("b=2;", cookies[1]);
    }

    [Fact]
    public async Task V2_sends_cookies_in_cookies_and_no_Set_Cookie_header()
    {
        var payload = await PayloadAsync(EventFormat.V2, "/cookies");

        Assert.False(payload.TryGetProperty("multiValueHeaders", out _));
        var cookies = payload.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()).ToArray();
        Assert.Equal(2, cookies.Length);
        Assert.DoesNotContain(payload.GetProperty("headers").EnumerateObject(), h => h.Name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task No_header_is_absent_null_empty_or_a_transfer_coding(EventFormat format)
    {
        var payload = await PayloadAsync(format, "/health/live");
        var headers = payload.GetProperty(format == EventFormat.V1 ? "multiValueHeaders" : "headers");

        Assert.NotEmpty(headers.EnumerateObject());
        foreach (var header in headers.EnumerateObject())
        {
            Assert.NotEqual("Transfer-Encoding", header.Name, StringComparer.OrdinalIgnoreCase);
            var values = format == EventFormat.V1 ? header.Value.EnumerateArray().ToArray() : [header.Value];
            Assert.NotEmpty(values);
            Assert.All(values, v => Assert.False(string.IsNullOrEmpty(v.GetString()), header.Name));
        }
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task An_exception_in_the_app_is_the_apps_500_problem(EventFormat format)
    {
        var (_, response) = await app.Emulator.SendAsync(format, new HttpRequestData { RawPath = "/throw" });

        Assert.Equal(500, response.StatusCode);
        Assert.Equal("application/problem+json", response.HeaderValues("Content-Type").Single());
        var problem = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal("internal_error", problem.GetProperty("code").GetString());
        Assert.DoesNotContain("boom", response.Text, StringComparison.Ordinal);
    }
}
