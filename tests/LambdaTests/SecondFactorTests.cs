using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Latch.IntegrationTests.Support;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// Enrolment and a sign-in with the second factor through the real bootstrap (in CI the Native AOT package): the
/// AES-GCM sealing, HMAC-SHA-1 codes, the mfa_required problem's extra member and the MAC-framed mfaToken as deployed.
/// Codes come from oathtool at the real time: the accepted skew of one step covers a step boundary passing mid-test.
/// </summary>
public sealed class SecondFactorTests(BuiltFunction function) : IClassFixture<BuiltFunction>
{
    private const string Password = "a long passphrase nobody would guess 42";

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Enrol_confirm_and_sign_in_with_a_code(EventFormat format)
    {
        await using var front = await FrontDoor.StartAsync(function.Emulator, format);
        using var http = new HttpClient { BaseAddress = front.Address };
        var email = $"mfa-{Guid.NewGuid():N}@example.com";

        using var register = await http.PostAsJsonAsync("/v1/auth/register", new { email, password = Password });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var accessToken = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;

        using var enrol = await SendAsync(http, "/v1/users/me/mfa/totp", accessToken, new { currentPassword = Password });
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        var secret = (await enrol.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

        using var confirm = await SendAsync(http, "/v1/users/me/mfa/totp/confirm", accessToken,
            new { code = Oathtool.Code(secret, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Equal(10, (await confirm.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recoveryCodes").GetArrayLength());

        using var login = await http.PostAsJsonAsync("/v1/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Equal("application/problem+json", login.Content.Headers.ContentType?.MediaType);
        var challenge = await login.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("mfa_required", challenge.GetProperty("code").GetString());
        var mfaToken = challenge.GetProperty("mfaToken").GetString();

        // The next step's code: the confirmation spent this one.
        using var done = await http.PostAsJsonAsync("/v1/auth/login/mfa",
            new { mfaToken, code = Oathtool.Code(secret, DateTimeOffset.UtcNow.AddSeconds(30)) });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.StartsWith("ey", (await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString(),
            StringComparison.Ordinal);

        using var spent = await http.PostAsJsonAsync("/v1/auth/login/mfa", new { mfaToken, code = "123456" });
        Assert.Equal(HttpStatusCode.Unauthorized, spent.StatusCode);
        Assert.Equal("invalid_mfa_token", (await spent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string accessToken, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request);
    }
}
