using System.Net;
using System.Net.Sockets;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>
/// The framework middlewares of the pipeline — CORS, rate limiter, authentication, authorization — each present once
/// and in its place, on real Kestrel over a socket: a refusal by authorization carries the security headers and the CORS
/// grant (authorization runs inside them, not ahead of them, where the framework would add it a second time); an empty
/// bucket answers 429 before a token is looked at; a preflight to a route that needs a token is CORS's to answer; a
/// valid token gets through; authentication runs inside the exception handler (a store failure while checking a token's
/// session is a 503 problem, not a bare 500 from an authentication the framework added ahead of the pipeline). The
/// Lambda host has the same tests (LambdaTests' PipelineTests).
/// </summary>
public sealed class PipelineOrderTests : IDisposable
{
    private const string Origin = "https://app.example.com";
    private const int Burst = 3;

    private readonly KestrelFactory _server = new(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Origin });

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task A_request_without_a_token_is_refused_inside_the_security_headers_and_CORS()
    {
        using var client = _server.Socket();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/users/me") { Headers = { { "Origin", Origin } } };
        using var response = await client.SendAsync(request);

        await response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        EdgeResponseTests.AssertSecurityHeaders(response, cacheable: false);
        Assert.Equal(Origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task A_preflight_to_a_route_that_needs_a_token_is_answered_by_CORS()
    {
        using var client = _server.Socket();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/users/me");
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("GET", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        EdgeResponseTests.AssertSecurityHeaders(response, cacheable: false);
    }

    [Fact]
    public async Task A_valid_token_is_authenticated_and_authorized()
    {
        using var client = _server.Socket();
        var tokens = await client.Register();

        using var me = await client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(tokens.Email, (await me.Body()).GetProperty("email").GetString());
    }

    [Fact]
    public async Task An_empty_bucket_answers_429_before_the_token_is_looked_at()
    {
        using var server = new KestrelFactory(new Dictionary<string, string?>
        {
            ["RateLimiting:PerIp:BurstLimit"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimiting:PerIp:PerMinute"] = "1",
        });
        using var client = server.Socket();
        for (var i = 0; i < Burst; i++)
        {
            using var refused = await client.Send(HttpMethod.Get, "/v1/users/me", "not-a-token");
            await refused.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
        }

        using var limited = await client.Send(HttpMethod.Get, "/v1/users/me", "not-a-token");
        await limited.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(limited.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_store_failure_while_checking_a_tokens_session_is_a_503_problem()
    {
        using var server = new KestrelFactory(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Mongo",
            ["Storage:Mongo:ConnectionString"] = $"mongodb://127.0.0.1:{ClosedPort()}/?serverSelectionTimeoutMS=1000",
            ["Storage:Mongo:Database"] = "latch_pipeline",
        });
        using var client = server.Socket();
        var token = TokenForge.Sign(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), TokenForge.Es256(LatchFactory.Es256Pem, "test-es256"));

        using var me = await client.Send(HttpMethod.Get, "/v1/users/me", token);

        await me.AssertProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
        EdgeResponseTests.AssertSecurityHeaders(me, cacheable: false);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
