using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// The accounts flow of the API contract, over real HTTP through the emulator's front door into the real Host.Lambda.
/// </summary>
public sealed class EndToEndTests(BuiltFunction function) : IClassFixture<BuiltFunction>
{
    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Register_login_me_refresh_logout(EventFormat format)
    {
        await using var front = await FrontDoor.StartAsync(function.Emulator, format);
        using var http = new HttpClient { BaseAddress = front.Address };
        var email = $"e2e-{Guid.NewGuid():N}@example.com";
        const string password = "a long passphrase nobody would guess 42";

        using var register = await http.PostAsJsonAsync("/v1/auth/register", new { email, password, displayName = "Ann" });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal("/v1/users/me", register.Headers.Location?.OriginalString);
        var registered = await register.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", registered.GetProperty("tokenType").GetString());

        using var login = await http.PostAsJsonAsync("/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var session = await login.Content.ReadFromJsonAsync<JsonElement>();

        using var me = new HttpRequestMessage(HttpMethod.Get, "/v1/users/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.GetProperty("accessToken").GetString());
        using var meResponse = await http.SendAsync(me);
        Assert.Equal(HttpStatusCode.OK, meResponse.StatusCode);
        Assert.Equal(email, (await meResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());

        var refreshToken = session.GetProperty("refreshToken").GetString();
        using var refresh = await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken });
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        var rotated = await refresh.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(refreshToken, rotated.GetProperty("refreshToken").GetString());

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/logout");
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", rotated.GetProperty("accessToken").GetString());
        using var logoutResponse = await http.SendAsync(logout);
        Assert.Equal(HttpStatusCode.NoContent, logoutResponse.StatusCode);

        using var afterLogout = await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = rotated.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
    }
}
