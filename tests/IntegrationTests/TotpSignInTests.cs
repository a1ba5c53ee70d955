using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>Sign-in with an authenticator over HTTP, codes computed by oathtool at the server's (fake) time.</summary>
public sealed class TotpSignInTests : IDisposable
{
    private readonly ClockedFactory _factory = new();

    [Fact]
    public async Task The_right_password_answers_mfa_required_and_a_code_completes_the_sign_in_but_never_twice()
    {
        var client = _factory.CreateClient();
        var (email, secret) = await EnrolledAsync(client);
        _factory.Time.Advance(TimeSpan.FromSeconds(30));

        var token = await ChallengeAsync(client, email);
        var code = Oathtool.Code(secret, _factory.Time.GetUtcNow());
        using var done = await client.PostJson("/v1/auth/login/mfa", new { mfaToken = token, code });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var tokens = Tokens.From(await done.Body());
        using (var me = await client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        using var spent = await client.PostJson("/v1/auth/login/mfa", new { mfaToken = token, code });
        await spent.AssertProblem(HttpStatusCode.Unauthorized, "invalid_mfa_token");
        using var replayed = await client.PostJson("/v1/auth/login/mfa", new { mfaToken = await ChallengeAsync(client, email), code });
        await replayed.AssertProblem(HttpStatusCode.Unauthorized, "invalid_mfa_code");
    }

    [Fact]
    public async Task A_wrong_password_is_answered_as_before_with_no_token()
    {
        var client = _factory.CreateClient();
        var (email, _) = await EnrolledAsync(client);
        using var wrong = await client.PostJson("/v1/auth/login", new { email, password = "not the password at all" });
        var body = await wrong.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.False(body.TryGetProperty("mfaToken", out _));
    }

    [Fact]
    public async Task Codes_two_steps_away_are_refused_and_three_wrong_codes_end_the_token()
    {
        var client = _factory.CreateClient();
        var (email, secret) = await EnrolledAsync(client);
        _factory.Time.Advance(TimeSpan.FromMinutes(2));
        var now = _factory.Time.GetUtcNow();
        var token = await ChallengeAsync(client, email);
        foreach (var offset in new[] { -60, 60, 0 })
        {
            var code = offset == 0 ? Wrong(Oathtool.Code(secret, now)) : Oathtool.Code(secret, now.AddSeconds(offset));
            using var refused = await client.PostJson("/v1/auth/login/mfa", new { mfaToken = token, code });
            await refused.AssertProblem(HttpStatusCode.Unauthorized, "invalid_mfa_code");
        }

        using var dead = await client.PostJson("/v1/auth/login/mfa", new { mfaToken = token, code = Oathtool.Code(secret, now) });
        await dead.AssertProblem(HttpStatusCode.Unauthorized, "invalid_mfa_token");

        // One step of skew either side is accepted on a fresh token.
        using var skewed = await client.PostJson("/v1/auth/login/mfa",
            new { mfaToken = await ChallengeAsync(client, email), code = Oathtool.Code(secret, now.AddSeconds(30)) });
        Assert.Equal(HttpStatusCode.OK, skewed.StatusCode);
    }

    [Fact]
    public async Task Wrong_codes_put_the_account_in_its_back_off_and_a_device_token_does_not_get_around_it()
    {
        var client = _factory.CreateClient();
        var email = Api.NewEmail();
        var registered = await client.Register(email);
        var deviceToken = registered.Body.GetProperty("deviceToken").GetString()!;
        var secret = await EnrolAsync(client, registered.AccessToken);
        using (var confirm = await client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/confirm", registered.AccessToken,
            new { code = Oathtool.Code(secret, _factory.Time.GetUtcNow()) }))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        _factory.Time.Advance(TimeSpan.FromSeconds(30));

        // Five free failures (the default policy); the right password in between does not buy fresh guesses.
        for (var i = 0; i < 5; i++)
        {
            var token = await ChallengeAsync(client, email);
            using var wrong = await client.PostJson("/v1/auth/login/mfa",
                new { mfaToken = token, code = Wrong(Oathtool.Code(secret, _factory.Time.GetUtcNow())) });
            await wrong.AssertProblem(HttpStatusCode.Unauthorized, "invalid_mfa_code");
        }

        using var throttled = await client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
        await throttled.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.NotNull(throttled.Headers.RetryAfter);

        // The known device still gets its password checked, but the code is judged under the account's budget.
        using var device = await client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword, deviceToken });
        var challenge = (await device.AssertProblem(HttpStatusCode.Unauthorized, "mfa_required")).GetProperty("mfaToken").GetString();
        using var refused = await client.PostJson("/v1/auth/login/mfa",
            new { mfaToken = challenge, code = Oathtool.Code(secret, _factory.Time.GetUtcNow()) });
        await refused.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
    }

    [Fact]
    public async Task A_recovery_code_completes_a_sign_in_once()
    {
        var client = _factory.CreateClient();
        var email = Api.NewEmail();
        var tokens = await client.Register(email);
        var secret = await EnrolAsync(client, tokens.AccessToken);
        using var confirm = await client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/confirm", tokens.AccessToken,
            new { code = Oathtool.Code(secret, _factory.Time.GetUtcNow()) });
        var recovery = (await confirm.Body()).GetProperty("recoveryCodes")[0].GetString()!;

        using (var me = await client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken))
        {
            var mfa = (await me.Body()).GetProperty("mfa");
            Assert.True(mfa.GetProperty("totp").GetBoolean());
            Assert.Equal(10, mfa.GetProperty("recoveryCodesLeft").GetInt32());
        }

        using var used = await client.PostJson("/v1/auth/login/mfa", new { mfaToken = await ChallengeAsync(client, email), recoveryCode = recovery });
        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal(9, (await used.Body()).GetProperty("user").GetProperty("mfa").GetProperty("recoveryCodesLeft").GetInt32());
        using var again = await client.PostJson("/v1/auth/login/mfa", new { mfaToken = await ChallengeAsync(client, email), recoveryCode = recovery });
        await again.AssertProblem(HttpStatusCode.Unauthorized, "invalid_mfa_code");
        using var both = await client.PostJson("/v1/auth/login/mfa", new { mfaToken = "x", code = "123456", recoveryCode = recovery });
        await both.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
    }

    public void Dispose() => _factory.Dispose();

    private static string Wrong(string code) => ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000)
        .ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> ChallengeAsync(HttpClient client, string email)
    {
        using var login = await client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
        var body = await login.AssertProblem(HttpStatusCode.Unauthorized, "mfa_required");
        var token = body.GetProperty("mfaToken").GetString()!;
        Assert.Matches("^[A-Za-z0-9_-]{87}$", token);
        return token;
    }

    private static async Task<string> EnrolAsync(HttpClient client, string accessToken)
    {
        using var enrol = await client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp", accessToken, new { currentPassword = Api.StrongPassword });
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        return (await enrol.Body()).GetProperty("secret").GetString()!;
    }

    private async Task<(string Email, string Secret)> EnrolledAsync(HttpClient client)
    {
        var email = Api.NewEmail();
        var tokens = await client.Register(email);
        var secret = await EnrolAsync(client, tokens.AccessToken);
        using var confirm = await client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/confirm", tokens.AccessToken,
            new { code = Oathtool.Code(secret, _factory.Time.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        return (email, secret);
    }
}
