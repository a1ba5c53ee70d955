using System.Net;
using Latch.Domain.Common;
using Latch.IntegrationTests.Mail;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>
/// Turning the authenticator off and replacing the recovery codes over a real socket, codes computed by oathtool at the
/// server's (fake) time; a recovery code's use arrives as an email in the Development mailbox folder.
/// </summary>
public sealed class TotpManagementTests : IDisposable
{
    private readonly Mailbox _mailbox = new();
    private readonly ClockedKestrelFactory _factory;
    private readonly HttpClient _client;

    public TotpManagementTests()
    {
        _factory = new ClockedKestrelFactory(MailLinks.Settings(_mailbox));
        _client = _factory.Socket();
    }

    [Fact]
    public async Task Disabling_takes_the_password_and_a_current_code_and_ends_every_other_session()
    {
        var email = Api.NewEmail("mfa-off");
        var caller = await _client.Register(email);
        var other = await _client.Login(email);
        var (secret, _) = await EnrolAsync(caller);
        var confirmed = Oathtool.Code(secret, _factory.Time.GetUtcNow());
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        var code = Oathtool.Code(secret, _factory.Time.GetUtcNow());

        using (var wrongPassword = await DisableAsync(caller, new { currentPassword = "not the passphrase at all", code }))
        {
            await wrongPassword.AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.WrongPassword);
        }

        using (var replayed = await DisableAsync(caller, new { currentPassword = Api.StrongPassword, code = confirmed }))
        {
            await replayed.AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.InvalidMfaCode);
        }

        using (var disabled = await DisableAsync(caller, new { currentPassword = Api.StrongPassword, code }))
        {
            Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        }

        using (var me = await _client.Send(HttpMethod.Get, "/v1/users/me", caller.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            var mfa = (await me.Body()).GetProperty("mfa");
            Assert.False(mfa.GetProperty("totp").GetBoolean());
            Assert.Equal(0, mfa.GetProperty("recoveryCodesLeft").GetInt32());
        }

        using (var ended = await _client.Send(HttpMethod.Get, "/v1/users/me", other.AccessToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, ended.StatusCode);
        }

        using (var refresh = await _client.Refresh(other.RefreshToken))
        {
            await refresh.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidRefreshToken);
        }

        // The password alone signs in again; turning off what is off is mfa_not_enrolled.
        await _client.Login(email);
        using (var again = await DisableAsync(caller, new { currentPassword = Api.StrongPassword, code }))
        {
            await again.AssertProblem(HttpStatusCode.Conflict, ErrorCodes.MfaNotEnrolled);
        }

        await Task.Delay(300);
        Assert.Empty(await _mailbox.ForAsync(email, 0));
    }

    [Fact]
    public async Task Regenerating_with_a_recovery_code_voids_the_old_codes_and_mails_the_account()
    {
        var email = Api.NewEmail("mfa-regen");
        var caller = await _client.Register(email);
        var (_, old) = await EnrolAsync(caller);

        using var regenerated = await _client.Send(HttpMethod.Post, "/v1/users/me/mfa/recovery-codes", caller.AccessToken,
            new { currentPassword = Api.StrongPassword, recoveryCode = old[0].ToUpperInvariant() });

        Assert.Equal(HttpStatusCode.OK, regenerated.StatusCode);
        var fresh = (await regenerated.Body()).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, fresh.Count);
        Assert.All(fresh, c => Assert.Matches("^[a-z2-9]{5}-[a-z2-9]{5}$", c));
        using (var byOld = await _client.PostJson("/v1/auth/login/mfa", new { mfaToken = await ChallengeAsync(email), recoveryCode = old[1] }))
        {
            await byOld.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidMfaCode);
        }

        using (var byNew = await _client.PostJson("/v1/auth/login/mfa", new { mfaToken = await ChallengeAsync(email), recoveryCode = fresh[0] }))
        {
            Assert.Equal(HttpStatusCode.OK, byNew.StatusCode);
            Assert.Equal(9, (await byNew.Body()).GetProperty("user").GetProperty("mfa").GetProperty("recoveryCodesLeft").GetInt32());
        }

        var notices = await _mailbox.ForAsync(email, 2);
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Equal("A recovery code was used on your Latch account", n.Subject));
        Assert.Contains(notices, n => (n.TextBody ?? "").Contains("used to replace the recovery codes", StringComparison.Ordinal));
        var signIn = Assert.Single(notices, n => (n.TextBody ?? "").Contains("used to sign in", StringComparison.Ordinal));
        Assert.Contains("9 recovery codes are left.", signIn.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://app.acme.example/sign-in", signIn.HtmlBody, StringComparison.Ordinal);
        foreach (var code in old.Concat(fresh))
        {
            Assert.All(notices, n => Assert.DoesNotContain(code, n.TextBody + n.HtmlBody, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Disabling_with_a_recovery_code_is_mailed_and_a_code_is_judged_under_the_back_off()
    {
        var email = Api.NewEmail("mfa-lost");
        var caller = await _client.Register(email);
        var (secret, codes) = await EnrolAsync(caller);

        using (var wrong = await DisableAsync(caller, new { currentPassword = Api.StrongPassword, recoveryCode = "aaaaa-aaaaa" }))
        {
            await wrong.AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.InvalidMfaCode);
        }

        using (var disabled = await DisableAsync(caller, new { currentPassword = Api.StrongPassword, recoveryCode = codes[0] }))
        {
            Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);
        }

        var notice = Assert.Single(await _mailbox.ForAsync(email));
        Assert.Contains("used to turn off two-step sign-in", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, notice.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bodies_without_exactly_one_code_and_callers_without_a_token_are_refused()
    {
        var caller = await _client.Register(Api.NewEmail("mfa-bad"));
        foreach (var path in new[] { "/v1/users/me/mfa/totp/disable", "/v1/users/me/mfa/recovery-codes" })
        {
            using var anonymous = await _client.PostJson(path, new { currentPassword = Api.StrongPassword, code = "123456" });
            await anonymous.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidToken);

            using var neither = await _client.Send(HttpMethod.Post, path, caller.AccessToken, new { currentPassword = Api.StrongPassword });
            var problem = await neither.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
            Assert.Equal("Give either code or recoveryCode.", problem.GetProperty("errors").GetProperty("code")[0].GetString());

            using var both = await _client.Send(HttpMethod.Post, path, caller.AccessToken, new { code = "123456", recoveryCode = "x" });
            var errors = (await both.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed)).GetProperty("errors");
            Assert.True(errors.TryGetProperty("currentPassword", out _));

            using var notEnrolled = await _client.Send(HttpMethod.Post, path, caller.AccessToken,
                new { currentPassword = Api.StrongPassword, code = "123456" });
            await notEnrolled.AssertProblem(HttpStatusCode.Conflict, ErrorCodes.MfaNotEnrolled);
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _mailbox.Dispose();
    }

    private Task<HttpResponseMessage> DisableAsync(Tokens caller, object body) =>
        _client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/disable", caller.AccessToken, body);

    private async Task<(string Secret, List<string> RecoveryCodes)> EnrolAsync(Tokens caller)
    {
        using var enrol = await _client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp", caller.AccessToken,
            new { currentPassword = Api.StrongPassword });
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        var secret = (await enrol.Body()).GetProperty("secret").GetString()!;
        using var confirm = await _client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/confirm", caller.AccessToken,
            new { code = Oathtool.Code(secret, _factory.Time.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        return (secret, [.. (await confirm.Body()).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!)]);
    }

    private async Task<string> ChallengeAsync(string email)
    {
        using var login = await _client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
        return (await login.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.MfaRequired)).GetProperty("mfaToken").GetString()!;
    }
}
