using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Latch.IntegrationTests.Support;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// Step-up through the real bootstrap (in CI the Native AOT package): a session signed in before the factor was turned on
/// is refused account deletion with step_up_required, proves the factor at /v1/auth/step-up, and gets an access token
/// whose amr is a JSON array with otp (the claim as the trimmed, source-generated build writes it); then the deletion passes.
/// </summary>
public sealed class StepUpTests(BuiltFunction function) : IClassFixture<BuiltFunction>
{
    private const string Password = "a long passphrase nobody would guess 42";

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task A_password_only_session_steps_up_and_then_may_delete_the_account(EventFormat format)
    {
        await using var front = await FrontDoor.StartAsync(function.Emulator, format);
        using var http = new HttpClient { BaseAddress = front.Address };
        var email = $"stepup-{Guid.NewGuid():N}@example.com";

        using var register = await http.PostAsJsonAsync("/v1/auth/register", new { email, password = Password });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var enrolling = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        using var login = await http.PostAsJsonAsync("/v1/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var passwordOnly = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        Assert.Equal(["pwd"], Amr(passwordOnly));

        using var enrol = await SendAsync(http, HttpMethod.Post, "/v1/users/me/mfa/totp", enrolling, new { currentPassword = Password });
        var secret = (await enrol.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        using var confirm = await SendAsync(http, HttpMethod.Post, "/v1/users/me/mfa/totp/confirm", enrolling,
            new { code = Oathtool.Code(secret, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);

        using var refused = await SendAsync(http, HttpMethod.Delete, "/v1/users/me", passwordOnly, new { password = Password });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("step_up_required", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        // The next step's code: the confirmation spent this one.
        using var stepUp = await SendAsync(http, HttpMethod.Post, "/v1/auth/step-up", passwordOnly,
            new { code = Oathtool.Code(secret, DateTimeOffset.UtcNow.AddSeconds(30)) });
        Assert.Equal(HttpStatusCode.OK, stepUp.StatusCode);
        var stepped = (await stepUp.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        Assert.Equal(["pwd", "otp"], Amr(stepped));
        Assert.Equal(JsonValueKind.Number, Payload(stepped).GetProperty("mfa_time").ValueKind);

        using var deleted = await SendAsync(http, HttpMethod.Delete, "/v1/users/me", stepped, new { password = Password });
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    private static JsonElement Payload(string token)
    {
        var part = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var padded = part.PadRight(part.Length + ((4 - (part.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(padded))).RootElement;
    }

    private static string[] Amr(string token)
    {
        var amr = Payload(token).GetProperty("amr");
        Assert.Equal(JsonValueKind.Array, amr.ValueKind);
        return [.. amr.EnumerateArray().Select(m => m.GetString()!)];
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string accessToken,
        object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request);
    }
}
