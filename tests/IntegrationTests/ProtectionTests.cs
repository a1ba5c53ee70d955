using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

public sealed class RateLimitTests : IDisposable
{
    private readonly PeerAddressFactory _factory = new(new Dictionary<string, string?>
    {
        ["RateLimiting:PerIp:BurstLimit"] = "5",
        ["RateLimiting:PerIp:PerMinute"] = "1",
        ["RateLimiting:Auth:PerMinute"] = "2",
        ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.1",
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Each_client_IP_has_its_own_bucket_and_an_empty_bucket_answers_429_with_Retry_After()
    {
        var first = _factory.ClientFrom("203.0.113.10");
        for (var i = 0; i < 5; i++)
        {
            using var ok = await first.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await first.GetAsync("/health/live");
        await limited.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);

        using var other = await _factory.ClientFrom("203.0.113.11").GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task The_auth_routes_have_a_stricter_limit()
    {
        var client = _factory.ClientFrom("203.0.113.20");
        for (var i = 0; i < 2; i++)
        {
            using var attempt = await client.PostJson("/v1/auth/login", new { email = Api.NewEmail(), password = "whatever it is" });
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }

        using var limited = await client.PostJson("/v1/auth/login", new { email = Api.NewEmail(), password = "whatever it is" });
        await limited.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.Contains("Retry-After"));

        using var elsewhere = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Theory]
    [InlineData("/v1/auth/password-reset")]
    [InlineData("/v1/auth/register")]
    [InlineData("/v1/users/me/email")]
    public async Task Every_endpoint_that_sends_mail_has_the_stricter_limit_whatever_the_address(string path)
    {
        var client = _factory.ClientFrom("203.0.113.30");
        for (var i = 0; i < 2; i++)
        {
            using var attempt = await client.PostJson(path, new { email = Api.NewEmail(), password = Api.StrongPassword, newEmail = Api.NewEmail() });
            Assert.NotEqual(HttpStatusCode.TooManyRequests, attempt.StatusCode);
        }

        using var limited = await client.PostJson(path, new { email = Api.NewEmail(), password = Api.StrongPassword, newEmail = Api.NewEmail() });
        await limited.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task A_spoofed_X_Forwarded_For_from_an_unknown_peer_does_not_change_the_bucket()
    {
        var client = _factory.ClientFrom("203.0.113.30");
        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i}");
            using var ok = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        spoofed.Headers.Add("X-Forwarded-For", "198.51.100.99");
        using var limited = await client.SendAsync(spoofed);
        await limited.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task A_known_proxy_passes_on_the_client_IP_and_each_client_gets_its_own_bucket()
    {
        var proxy = _factory.ClientFrom("10.0.0.1");
        for (var client = 0; client < 3; client++)
        {
            for (var i = 0; i < 5; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
                request.Headers.Add("X-Forwarded-For", $"198.51.100.{client}");
                using var ok = await proxy.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }
        }
    }
}

public sealed class CorsTests : IDisposable
{
    private const string Allowed = "https://app.example.com";
    private readonly LatchFactory _factory = new(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Allowed });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task An_allowed_origin_gets_its_origin_back_and_never_credentials()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("Origin", Allowed);
        using var response = await _factory.CreateClient().SendAsync(request);
        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_disallowed_origin_gets_no_CORS_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("Origin", "https://evil.example.com");
        using var response = await _factory.CreateClient().SendAsync(request);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_preflight_is_answered_without_running_the_endpoint()
    {
        // Not one of the refresh-cookie routes, whose credentialed policy Browser.CookieTransportTests covers.
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/users/me/password");
        request.Headers.Add("Origin", Allowed);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var response = await _factory.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_preflight_from_a_disallowed_origin_gets_no_CORS_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/auth/register");
        request.Headers.Add("Origin", "http://app.example.com");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        using var response = await _factory.CreateClient().SendAsync(request);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class TransportTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    [Fact]
    public async Task HTTPS_responses_carry_HSTS_and_the_security_headers()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://api.example.com"),
        });
        using var response = await client.GetAsync("/no/such/route");
        Assert.StartsWith("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.False(response.Headers.Contains("Server"));
    }
}
