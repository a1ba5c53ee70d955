using System.Net;
using System.Text.Json;
using Latch.IntegrationTests.Support;
using static Latch.IntegrationTests.Browser.CookieRequests;

namespace Latch.IntegrationTests.Browser;

/// <summary>
/// The refresh-cookie transport (ADR 0013) over real sockets against the built Kestrel host with one configured
/// origin: what sets the cookie and with which attributes, what reads it, and what is refused.
/// </summary>
public sealed class CookieTransportTests(CookieTransportHost fixture) : IClassFixture<CookieTransportHost>
{
    private const string App = CookieTransportHost.AppOrigin;

    private static string Credentials(string email) => JsonSerializer.Serialize(new { email, password = Api.StrongPassword });

    private async Task<(string Cookie, JsonElement Body)> RegisterWithCookie(HttpClient client)
    {
        using var response = await client.SendAsync(Post("/v1/auth/register", Credentials(Api.NewEmail()), App));
        var body = await response.Body();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return (response.RefreshCookie().Value, body);
    }

    [Fact]
    public async Task Register_and_login_set_a_hardened_cookie_and_leave_the_token_out_of_the_body()
    {
        using var client = fixture.CreateClient();
        var email = Api.NewEmail();
        using var register = await client.SendAsync(Post("/v1/auth/register", Credentials(email), App));
        var registered = await register.Body();
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal("/v1/users/me", register.Headers.Location?.OriginalString);
        var (token, attributes) = register.RefreshCookie();
        Assert.Matches(RefreshTokenShape(), token);
        Assert.Equal(registered.GetProperty("refreshTokenExpiresIn").GetInt64(), AssertHardened(attributes));
        Assert.False(registered.TryGetProperty("refreshToken", out _), registered.ToString());
        Assert.DoesNotContain(token, registered.ToString(), StringComparison.Ordinal);
        Assert.True(registered.TryGetProperty("accessToken", out _));
        Assert.Equal("no-store", register.Headers.CacheControl?.ToString());
        Assert.Equal(App, register.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", register.Headers.GetValues("Access-Control-Allow-Credentials").Single());

        using var login = await client.SendAsync(Post("/v1/auth/login", Credentials(email), App));
        var loggedIn = await login.Body();
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(loggedIn.GetProperty("refreshTokenExpiresIn").GetInt64(), AssertHardened(login.RefreshCookie().Attributes));
        Assert.False(loggedIn.TryGetProperty("refreshToken", out _));
    }

    [Fact]
    public async Task Refresh_reads_the_cookie_rotates_it_and_answers_no_store()
    {
        using var client = fixture.CreateClient();
        var (cookie, _) = await RegisterWithCookie(client);

        using var refresh = await client.SendAsync(Post("/v1/auth/refresh", "{}", App, cookie: cookie));
        var body = await refresh.Body();
        Assert.True(refresh.StatusCode == HttpStatusCode.OK, body.ToString());
        var (rotated, attributes) = refresh.RefreshCookie();
        Assert.NotEqual(cookie, rotated);
        AssertHardened(attributes);
        Assert.False(body.TryGetProperty("refreshToken", out _));
        Assert.Equal("no-store", refresh.Headers.CacheControl?.ToString());

        using var me = new HttpRequestMessage(HttpMethod.Get, "/v1/users/me").WithBearer(body.GetProperty("accessToken").GetString()!);
        using var profile = await client.SendAsync(me);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);

        // The rotated token in the body instead of the cookie is not read: the cookie transport takes the cookie only.
        using var fromBody = await client.SendAsync(Post("/v1/auth/refresh", JsonSerializer.Serialize(new { refreshToken = rotated }), App));
        await fromBody.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        Assert.True(CookieRequests.RefreshCookie(fromBody).Attributes["max-age"] == "0");
    }

    [Fact]
    public async Task Without_the_header_the_cookie_is_ignored_and_none_is_set()
    {
        using var client = fixture.CreateClient();
        var (cookie, _) = await RegisterWithCookie(client);

        using var refresh = await client.SendAsync(Post("/v1/auth/refresh", "{}", App, transport: null, cookie: cookie));
        var problem = await refresh.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("refreshToken", out _));
        Assert.Empty(refresh.SetCookies());

        // The body transport is unchanged: the token in the body, no cookie.
        using var register = await client.SendAsync(Post("/v1/auth/register", Credentials(Api.NewEmail()), App, transport: null));
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Matches(RefreshTokenShape(), (await register.Body()).GetProperty("refreshToken").GetString());
        Assert.Empty(register.SetCookies());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://evil.example.com")]
    [InlineData("https://app.example.com.evil.example")]
    [InlineData("http://app.example.com")]
    [InlineData("null")]
    [InlineData("HTTPS://APP.EXAMPLE.COM")]
    [InlineData("https://APP.example.com")]
    public async Task A_missing_or_foreign_origin_is_refused_on_every_cookie_route(string? origin)
    {
        using var client = fixture.CreateClient();
        var (cookie, issued) = await RegisterWithCookie(client);
        var access = issued.GetProperty("accessToken").GetString()!;

        foreach (var request in new[]
                 {
                     Post("/v1/auth/register", Credentials(Api.NewEmail()), origin),
                     Post("/v1/auth/login", Credentials(Api.NewEmail()), origin),
                     Post("/v1/auth/refresh", "{}", origin, cookie: cookie),
                     Post("/v1/auth/logout", "{}", origin, cookie: cookie, bearer: access),
                 })
        {
            using (request)
            using (var response = await client.SendAsync(request))
            {
                await response.AssertProblem(HttpStatusCode.Forbidden, "origin_refused");
                Assert.Empty(response.SetCookies());
            }
        }

        // Nothing was used up: the cookie still refreshes from the right origin.
        using var refresh = await client.SendAsync(Post("/v1/auth/refresh", "{}", App, cookie: cookie));
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
    }

    [Theory]
    [InlineData("body")]
    [InlineData("COOKIE")]
    [InlineData("Cookie")]
    public async Task Another_transport_value_is_refused(string transport)
    {
        using var client = fixture.CreateClient();
        using var response = await client.SendAsync(Post("/v1/auth/login", Credentials(Api.NewEmail()), App, transport: transport));
        await response.AssertProblem(HttpStatusCode.BadRequest, "invalid_transport");
        Assert.Empty(response.SetCookies());
    }

    // A sibling subdomain could plant a second cookie of the same name; which one the server would read is not the
    // request's choice, so two of them are refused whatever their order, and the genuine token is not used up.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Refresh_with_two_refresh_cookies_is_refused_and_clears_the_cookie(bool plantedFirst)
    {
        using var client = fixture.CreateClient();
        var (cookie, _) = await RegisterWithCookie(client);
        var planted = new string('A', 98);
        var header = plantedFirst ? $"{CookieName}={planted}; {CookieName}={cookie}" : $"{CookieName}={cookie}; {CookieName}={planted}";

        using var request = Post("/v1/auth/refresh", "{}", App);
        request.Headers.Add("Cookie", header);
        using var refresh = await client.SendAsync(request);
        await refresh.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        var (value, attributes) = refresh.RefreshCookie();
        Assert.Equal("", value);
        Assert.Equal(0, AssertHardened(attributes));

        // Two Cookie header lines are the same as one line with both.
        using var split = Post("/v1/auth/refresh", "{}", App);
        split.Headers.TryAddWithoutValidation("Cookie", [$"{CookieName}={cookie}", $"{CookieName}={planted}"]);
        using var refused = await client.SendAsync(split);
        await refused.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");

        using var genuine = await client.SendAsync(Post("/v1/auth/refresh", "{}", App, cookie: cookie));
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
    }

    [Fact]
    public async Task Logout_of_the_other_sessions_keeps_this_sessions_cookie()
    {
        using var client = fixture.CreateClient();
        var (cookie, issued) = await RegisterWithCookie(client);
        var access = issued.GetProperty("accessToken").GetString()!;

        using var others = await client.SendAsync(Post("/v1/auth/logout?scope=others", "{}", App, bearer: access));
        Assert.Equal(HttpStatusCode.NoContent, others.StatusCode);
        Assert.Empty(others.SetCookies());

        using var bogus = await client.SendAsync(Post("/v1/auth/logout?scope=bogus", "{}", App, bearer: access));
        await bogus.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Empty(bogus.SetCookies());

        using var refresh = await client.SendAsync(Post("/v1/auth/refresh", "{}", App, cookie: cookie));
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var (rotated, _) = refresh.RefreshCookie();
        var fresh = (await refresh.Body()).GetProperty("accessToken").GetString()!;

        // Ending this session (global ends it too) clears it.
        using var global = await client.SendAsync(Post("/v1/auth/logout?scope=global", "{}", App, bearer: fresh));
        Assert.Equal(HttpStatusCode.NoContent, global.StatusCode);
        Assert.Equal(0, AssertHardened(global.RefreshCookie().Attributes));
        using var after = await client.SendAsync(Post("/v1/auth/refresh", "{}", App, cookie: rotated));
        await after.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task Refresh_without_a_cookie_is_invalid_refresh_token()
    {
        using var client = fixture.CreateClient();
        using var response = await client.SendAsync(Post("/v1/auth/refresh", "{}", App));
        await response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task Logout_clears_the_cookie_also_when_the_session_is_already_gone()
    {
        using var client = fixture.CreateClient();
        var (cookie, issued) = await RegisterWithCookie(client);
        var access = issued.GetProperty("accessToken").GetString()!;

        using var logout = await client.SendAsync(Post("/v1/auth/logout", "{}", App, bearer: access));
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        var (value, attributes) = logout.RefreshCookie();
        Assert.Equal("", value);
        Assert.Equal(0, AssertHardened(attributes));

        using var again = await client.SendAsync(Post("/v1/auth/logout", "{}", App, bearer: access));
        await again.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal("0", again.RefreshCookie().Attributes["max-age"]);

        using var refresh = await client.SendAsync(Post("/v1/auth/refresh", "{}", App, cookie: cookie));
        await refresh.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        Assert.Equal("0", refresh.RefreshCookie().Attributes["max-age"]);
    }

    [Fact]
    public async Task Preflights_allow_credentials_and_the_header_only_on_the_cookie_routes_and_only_for_the_origin()
    {
        using var client = fixture.CreateClient();

        using var auth = await client.SendAsync(Preflight("/v1/auth/refresh", App, "content-type,x-latch-transport"));
        Assert.Equal(HttpStatusCode.NoContent, auth.StatusCode);
        Assert.Equal(App, auth.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", auth.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Contains("X-Latch-Transport", auth.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);

        using var profile = await client.SendAsync(Preflight("/v1/users/me", App, "authorization", "GET"));
        Assert.Equal(App, profile.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(profile.Headers.Contains("Access-Control-Allow-Credentials"), "credentials allowed beyond the cookie routes");

        using var foreign = await client.SendAsync(Preflight("/v1/auth/refresh", "https://evil.example.com", "content-type,x-latch-transport"));
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Credentials"));

        // An actual request from elsewhere gets no grant either.
        using var request = Post("/v1/auth/register", Credentials(Api.NewEmail()), "https://evil.example.com", transport: null);
        using var answer = await client.SendAsync(request);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string path, string origin, string headers, string method = "POST")
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }
}
