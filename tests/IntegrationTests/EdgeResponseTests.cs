using System.Net;
using System.Text;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>
/// The responses the edge writes itself — exception handler, status-code problems, body limits, rate limiter, CORS —
/// as a client receives them from real Kestrel over a socket: each a problem with its code, each with the security
/// headers, however it was produced.
/// </summary>
public sealed class EdgeResponseTests : IDisposable
{
    private const string Origin = "https://app.example.com";

    private readonly KestrelFactory _server = new(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = Origin });

    public void Dispose() => _server.Dispose();

    public static TheoryData<string> Failures() =>
    [
        "malformed JSON", "duplicate property", "invalid field", "no token", "no route", "wrong method", "declared body too large",
        "chunked body too large", "not JSON",
    ];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Every_error_is_a_problem_with_the_security_headers(string failure)
    {
        using var client = _server.Socket();
        var (status, code, request) = failure switch
        {
            "malformed JSON" => (HttpStatusCode.BadRequest, "malformed_request", Post("/v1/auth/login", Api.Json("{\"email\": "))),
            "duplicate property" => (HttpStatusCode.BadRequest, "malformed_request",
                Post("/v1/auth/login", Api.Json("""{"email":"a@example.com","email":"b@example.com","password":"p"}"""))),
            "invalid field" => (HttpStatusCode.BadRequest, "validation_failed",
                Post("/v1/auth/register", Api.Json("""{"email":"no-at-sign","password":"correct horse battery staple"}"""))),
            "no token" => (HttpStatusCode.Unauthorized, "invalid_token", new HttpRequestMessage(HttpMethod.Get, "/v1/users/me")),
            "no route" => (HttpStatusCode.NotFound, "not_found", new HttpRequestMessage(HttpMethod.Get, "/v1/nothing-here")),
            "wrong method" => (HttpStatusCode.MethodNotAllowed, "method_not_allowed", new HttpRequestMessage(HttpMethod.Delete, "/v1/auth/login")),
            "declared body too large" => (HttpStatusCode.RequestEntityTooLarge, "payload_too_large",
                Post("/v1/auth/login", Api.Json($$"""{"email":"{{new string('a', 20_000)}}"}"""))),
            "chunked body too large" => (HttpStatusCode.RequestEntityTooLarge, "payload_too_large", Post("/v1/auth/login", ChunkedJson(20_000))),
            "not JSON" => (HttpStatusCode.UnsupportedMediaType, "unsupported_media_type",
                Post("/v1/auth/login", new StringContent("email=a", Encoding.UTF8, "text/plain"))),
            _ => throw new ArgumentOutOfRangeException(nameof(failure)),
        };

        using (request)
        using (var response = await client.SendAsync(request))
        {
            await response.AssertProblem(status, code);
            AssertSecurityHeaders(response, cacheable: false);
        }
    }

    [Fact]
    public async Task A_chunked_body_over_16_KiB_is_a_413_problem_and_one_under_it_is_read()
    {
        using var client = _server.Socket();
        using var small = await client.SendAsync(Post("/v1/auth/login", ChunkedJson(10_000)));
        await small.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");

        using var request = Post("/v1/auth/login", ChunkedJson(17 * 1024));
        Assert.Null(request.Content!.Headers.ContentLength);
        using var large = await client.SendAsync(request);
        var problem = await large.AssertProblem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal("urn:latch:problem:payload_too_large", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_successful_response_carries_them_too()
    {
        using var client = _server.Socket();
        using var response = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response, cacheable: true);
    }

    [Fact]
    public async Task The_rate_limiters_429_is_a_problem_with_the_security_headers()
    {
        using var server = new KestrelFactory(new Dictionary<string, string?> { ["RateLimiting:Auth:PerMinute"] = "1" });
        using var client = server.Socket();
        using var first = await client.SendAsync(Post("/v1/auth/login", Api.Json("{}")));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);

        using var limited = await client.SendAsync(Post("/v1/auth/login", Api.Json("{}")));
        await limited.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        AssertSecurityHeaders(limited, cacheable: false);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task Over_TLS_the_exception_handlers_problem_keeps_HSTS()
    {
        using var server = new KestrelFactory(new Dictionary<string, string?>(), https: true);
        using var client = server.Socket();

        using var ok = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/health/live") { Headers = { Host = "latch.test" } });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", Header(ok, "Strict-Transport-Security"));

        using var request = Post("/v1/auth/login", Api.Json("{\"email\": "));
        request.Headers.Host = "latch.test";
        using var malformed = await client.SendAsync(request);
        await malformed.AssertProblem(HttpStatusCode.BadRequest, "malformed_request");
        AssertSecurityHeaders(malformed, cacheable: false);
        Assert.Equal("max-age=31536000; includeSubDomains", Header(malformed, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_varies_by_origin()
    {
        using var client = _server.Socket();
        using var response = await client.SendAsync(Preflight(Origin));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Origin, Header(response, "Access-Control-Allow-Origin"));
        AssertVaryByOrigin(response);
    }

    [Fact]
    public async Task A_preflight_from_another_origin_gets_no_grant_and_varies_by_origin()
    {
        using var client = _server.Socket();
        using var response = await client.SendAsync(Preflight("https://evil.example"));
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        AssertVaryByOrigin(response);
    }

    [Theory]
    [InlineData(Origin)]
    [InlineData("https://evil.example")]
    [InlineData(null)]
    public async Task Every_response_of_a_service_with_CORS_varies_by_origin(string? origin)
    {
        using var client = _server.Socket();
        using var ok = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        using var malformed = Post("/v1/auth/login", Api.Json("{\"email\": "));
        foreach (var request in new[] { ok, malformed })
        {
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            using var response = await client.SendAsync(request);
            AssertVaryByOrigin(response);
            Assert.Equal(origin == Origin ? Origin : null, Header(response, "Access-Control-Allow-Origin"));
            AssertSecurityHeaders(response, cacheable: request == ok);
        }
    }

    [Fact]
    public async Task Without_CORS_responses_do_not_vary_by_origin()
    {
        using var server = new KestrelFactory(new Dictionary<string, string?>());
        using var client = server.Socket();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live") { Headers = { { "Origin", Origin } } };
        using var response = await client.SendAsync(request);
        Assert.Null(Header(response, "Access-Control-Allow-Origin"));
        Assert.DoesNotContain("Origin", response.Headers.Vary);
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response, bool cacheable)
    {
        var context = $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}";
        Assert.True(Header(response, "X-Content-Type-Options") == "nosniff", $"nosniff missing on {context}");
        Assert.True(Header(response, "X-Frame-Options") == "DENY", $"X-Frame-Options missing on {context}");
        Assert.True(Header(response, "Referrer-Policy") == "no-referrer", $"Referrer-Policy missing on {context}");
        Assert.True(Header(response, "Content-Security-Policy") == "default-src 'none'; frame-ancestors 'none'", $"CSP missing on {context}");
        if (!cacheable)
        {
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"Cache-Control: no-store missing on {context}");
        }
    }

    private static void AssertVaryByOrigin(HttpResponseMessage response) =>
        Assert.True(response.Headers.Vary.Contains("Origin", StringComparer.OrdinalIgnoreCase),
            $"Vary: Origin missing on {(int)response.StatusCode} {response.RequestMessage?.Method}; Vary: {response.Headers.Vary}");

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    private static HttpRequestMessage Post(string path, HttpContent content) => new(HttpMethod.Post, path) { Content = content };

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/auth/login");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    /// <summary>A JSON body of about <paramref name="bytes"/> bytes sent with chunked transfer coding (no Content-Length).</summary>
    private static StreamContent ChunkedJson(int bytes)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"email":"{{new string('a', Math.Max(1, bytes - 40))}}","password":"x"}""");
        var content = new StreamContent(new UnknownLengthStream(json));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A readable stream that does not tell its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
