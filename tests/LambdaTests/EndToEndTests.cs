using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// The accounts flow of the API contract, over real HTTP through the emulator's front door into the real Host.Lambda
/// — in CI the packaged Native AOT bootstrap, so everything AOT can break (generated request delegates, source-generated
/// JSON, validators, the JWT handler, bcrypt, SQLite's native library, the embedded password list, the NFKC tables,
/// problem details) is exercised in the binary that is deployed.
/// </summary>
public sealed class EndToEndTests(BuiltFunction function) : IClassFixture<BuiltFunction>
{
    private const string Password = "a long passphrase nobody would guess 42";

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Register_login_me_refresh_logout(EventFormat format)
    {
        await using var front = await FrontDoor.StartAsync(function.Emulator, format);
        using var http = new HttpClient { BaseAddress = front.Address };
        var email = NewEmail();

        using var register = await http.PostAsJsonAsync("/v1/auth/register", new { email, password = Password, displayName = "Ann" });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal("/v1/users/me", register.Headers.Location?.OriginalString);
        var registered = await register.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", registered.GetProperty("tokenType").GetString());

        using var login = await http.PostAsJsonAsync("/v1/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var session = await login.Content.ReadFromJsonAsync<JsonElement>();

        using var me = await SendAsync(http, HttpMethod.Get, "/v1/users/me", session.GetProperty("accessToken").GetString()!);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(email, (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());

        var refreshToken = session.GetProperty("refreshToken").GetString();
        using var refresh = await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken });
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var rotated = await refresh.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(refreshToken, rotated.GetProperty("refreshToken").GetString());

        using var logout = await SendAsync(http, HttpMethod.Post, "/v1/auth/logout", rotated.GetProperty("accessToken").GetString()!);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        using var afterLogout = await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = rotated.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Sessions_profile_password_change_and_account_deletion(EventFormat format)
    {
        await using var front = await FrontDoor.StartAsync(function.Emulator, format);
        using var http = new HttpClient { BaseAddress = front.Address };
        var email = NewEmail();
        // Precomposed on register, decomposed on login: the same password after NFKC.
        const string precomposed = "caf\u00e9 au lait every single morning";
        const string decomposed = "cafe\u0301 au lait every single morning";

        var first = await TokensAsync(await http.PostAsJsonAsync("/v1/auth/register", new { email, password = precomposed }), HttpStatusCode.Created);
        Assert.Equal(email.Split('@')[0], first.GetProperty("user").GetProperty("displayName").GetString());
        var second = await TokensAsync(await http.PostAsJsonAsync("/v1/auth/login", new { email, password = decomposed }), HttpStatusCode.OK);
        var access = second.GetProperty("accessToken").GetString()!;

        using var list = await SendAsync(http, HttpMethod.Get, "/v1/users/me/sessions", access);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var sessions = (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
        Assert.Equal(2, sessions.Length);
        Assert.True(sessions[0].GetProperty("current").GetBoolean());
        var other = sessions.Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString();

        using var revoke = await SendAsync(http, HttpMethod.Delete, $"/v1/users/me/sessions/{other}", access);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await AssertProblemAsync(await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = first.GetProperty("refreshToken").GetString() }),
            HttpStatusCode.Unauthorized, "invalid_refresh_token");
        await AssertProblemAsync(await SendAsync(http, HttpMethod.Delete, $"/v1/users/me/sessions/{other}", access),
            HttpStatusCode.NotFound, "not_found");

        using var rename = await SendAsync(http, HttpMethod.Patch, "/v1/users/me", access, new { displayName = "Bo" });
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        Assert.Equal("Bo", (await rename.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("displayName").GetString());

        await AssertProblemAsync(await SendAsync(http, HttpMethod.Post, "/v1/users/me/password", access,
            new { currentPassword = "not the password at all, no", newPassword = Password }), HttpStatusCode.Forbidden, "wrong_password");
        using var change = await SendAsync(http, HttpMethod.Post, "/v1/users/me/password", access,
            new { currentPassword = precomposed, newPassword = Password });
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        await AssertProblemAsync(await http.PostAsJsonAsync("/v1/auth/login", new { email, password = precomposed }),
            HttpStatusCode.Unauthorized, "invalid_credentials");
        var third = await TokensAsync(await http.PostAsJsonAsync("/v1/auth/login", new { email, password = Password }), HttpStatusCode.OK);

        using var delete = await SendAsync(http, HttpMethod.Delete, "/v1/users/me", third.GetProperty("accessToken").GetString()!,
            new { password = Password });
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await AssertProblemAsync(await http.PostAsJsonAsync("/v1/auth/login", new { email, password = Password }),
            HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Errors_are_problem_details_with_their_codes(EventFormat format)
    {
        await using var front = await FrontDoor.StartAsync(function.Emulator, format);
        using var http = new HttpClient { BaseAddress = front.Address };
        var email = NewEmail();

        var invalid = await AssertProblemAsync(await http.PostAsJsonAsync("/v1/auth/register", new { email = "no-at-sign", password = "short" }),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(invalid.GetProperty("errors").TryGetProperty("email", out _), invalid.ToString());
        Assert.True(invalid.GetProperty("errors").TryGetProperty("password", out _), invalid.ToString());
        var common = await AssertProblemAsync(await http.PostAsJsonAsync("/v1/auth/register", new { email, password = "1qaz2wsx3edc4rfv" }),
            HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("common", common.GetProperty("errors").GetProperty("password")[0].GetString(), StringComparison.Ordinal);
        await AssertProblemAsync(await http.PostAsync("/v1/auth/login", Json("{\"email\": ")), HttpStatusCode.BadRequest, "malformed_request");
        await AssertProblemAsync(await http.PostAsync("/v1/auth/login", Json($$"""{"email":"{{email}}","email":"x@example.com","password":"p"}""")),
            HttpStatusCode.BadRequest, "malformed_request");
        await AssertProblemAsync(await http.PostAsync("/v1/auth/login", new StringContent("email=a", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await AssertProblemAsync(await http.PostAsync("/v1/auth/login", Json($$"""{"email":"{{new string('a', 20_000)}}"}""")),
            HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        await TokensAsync(await http.PostAsJsonAsync("/v1/auth/register", new { email, password = Password }), HttpStatusCode.Created);
        await AssertProblemAsync(await http.PostAsJsonAsync("/v1/auth/register", new { email, password = Password }),
            HttpStatusCode.Conflict, "email_taken");
        await AssertProblemAsync(await http.PostAsJsonAsync("/v1/auth/login", new { email, password = Password + "!" }),
            HttpStatusCode.Unauthorized, "invalid_credentials");
        await AssertProblemAsync(await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = "not-a-refresh-token" }),
            HttpStatusCode.Unauthorized, "invalid_refresh_token");

        using var forged = await SendAsync(http, HttpMethod.Get, "/v1/users/me", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        await AssertProblemAsync(forged, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Contains("invalid_token", forged.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await AssertProblemAsync(await http.GetAsync("/v1/users/me"), HttpStatusCode.Unauthorized, "invalid_token");
        await AssertProblemAsync(await http.DeleteAsync("/v1/auth/login"), HttpStatusCode.MethodNotAllowed, "method_not_allowed");

        using var jwks = await http.GetAsync("/.well-known/jwks.json");
        var key = Assert.Single((await jwks.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keys").EnumerateArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
    }

    private static string NewEmail() => $"e2e-{Guid.NewGuid():N}@example.com";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string accessToken,
        object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await http.SendAsync(request);
    }

    private static async Task<JsonElement> TokensAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(text).RootElement.Clone();
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
            return problem;
        }
    }
}
