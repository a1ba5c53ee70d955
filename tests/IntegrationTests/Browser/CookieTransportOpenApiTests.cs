using System.Text.Json;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Browser;

/// <summary>The cookie transport in the served OpenAPI document: the header, the cookie, Set-Cookie, the other body.</summary>
public sealed class CookieTransportOpenApiTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    [Theory]
    [InlineData("/v1/auth/register", "201")]
    [InlineData("/v1/auth/login", "200")]
    [InlineData("/v1/auth/refresh", "200")]
    [InlineData("/v1/auth/logout", "204")]
    public async Task Each_cookie_route_declares_the_transport_header_Set_Cookie_and_origin_refused(string path, string success)
    {
        var operation = (await Document()).GetProperty("paths").GetProperty(path).GetProperty("post");
        var parameters = operation.GetProperty("parameters").EnumerateArray().ToArray();
        var header = Assert.Single(parameters, p => p.GetProperty("name").GetString() == "X-Latch-Transport");
        Assert.Equal("header", header.GetProperty("in").GetString());
        Assert.Equal("cookie", Assert.Single(header.GetProperty("schema").GetProperty("enum").EnumerateArray().ToArray()).GetString());
        Assert.Equal(path == "/v1/auth/refresh", parameters.Any(p => p.GetProperty("name").GetString() == "__Host-latch-refresh" &&
                                                                      p.GetProperty("in").GetString() == "cookie"));

        var responses = operation.GetProperty("responses");
        Assert.True(responses.GetProperty(success).GetProperty("headers").TryGetProperty("Set-Cookie", out _));
        Assert.True(responses.TryGetProperty("403", out _), "403 origin_refused is not documented");
        // Only the answers that set the cookie, or clear it because this session has ended or is unknown, declare it.
        Assert.False(responses.GetProperty("403").TryGetProperty("headers", out var refused) && refused.TryGetProperty("Set-Cookie", out _));
        if (path == "/v1/auth/logout")
        {
            Assert.True(responses.GetProperty("401").GetProperty("headers").TryGetProperty("Set-Cookie", out _));
            Assert.False(responses.GetProperty("400").TryGetProperty("headers", out var invalid) && invalid.TryGetProperty("Set-Cookie", out _));
        }
        if (success != "204")
        {
            var schema = responses.GetProperty(success).GetProperty("content").GetProperty("application/json").GetProperty("schema");
            var shapes = schema.GetProperty("anyOf").EnumerateArray().Select(s => s.GetProperty("$ref").GetString() ?? "").ToArray();
            Assert.Equal(new[] { "#/components/schemas/AuthResponse", "#/components/schemas/CookieAuthResponse" }, shapes);
        }
    }

    [Fact]
    public async Task The_cookie_body_has_no_refresh_token()
    {
        var schema = (await Document()).GetProperty("components").GetProperty("schemas").GetProperty("CookieAuthResponse");
        var properties = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.DoesNotContain("refreshToken", properties);
        Assert.Contains("accessToken", properties);
    }

    private async Task<JsonElement> Document()
    {
        using var response = await factory.CreateClient().GetAsync("/openapi/v1.json");
        return await response.Body();
    }
}
