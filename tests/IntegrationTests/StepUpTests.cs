using System.Net;
using System.Text.Json;
using Latch.IntegrationTests.Mail;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>
/// Step-up over a real socket with codes from oathtool: with a second factor active, password change, email change and
/// account deletion need the factor proved on the same session in the last 5 minutes (the default), judged from the
/// stored session; <c>POST /v1/auth/step-up</c> proves it under the sign-in's rules. Accounts without a factor are
/// unaffected. The use cases' clock starts 10 minutes behind the real time so the window can pass.
/// </summary>
public sealed class StepUpTests : IDisposable
{
    private const string StepUp = "/v1/auth/step-up";
    private readonly Mailbox _mailbox = new();
    private readonly ClockedKestrelFactory _factory;
    private readonly HttpClient _client;

    public StepUpTests()
    {
        _factory = new ClockedKestrelFactory(MailLinks.Settings(_mailbox), behind: TimeSpan.FromMinutes(10));
        _client = _factory.Socket();
    }

    private DateTimeOffset Now => _factory.Time.GetUtcNow();

    [Fact]
    public async Task Without_a_factor_the_sensitive_changes_need_no_step_up_and_step_up_itself_answers_mfa_not_enrolled()
    {
        var tokens = await _client.Register();
        Assert.Equal(["pwd"], Amr(tokens.AccessToken));

        using (var stepUp = await _client.Send(HttpMethod.Post, StepUp, tokens.AccessToken, new { code = "123456" }))
        {
            await stepUp.AssertProblem(HttpStatusCode.Conflict, "mfa_not_enrolled");
        }

        using (var email = await _client.Send(HttpMethod.Post, "/v1/users/me/email", tokens.AccessToken,
                   new { newEmail = Api.NewEmail("moved"), currentPassword = Api.StrongPassword }))
        {
            Assert.Equal(HttpStatusCode.Accepted, email.StatusCode);
        }

        const string newPassword = "a brand new passphrase for no factor";
        using (var change = await _client.Send(HttpMethod.Post, "/v1/users/me/password", tokens.AccessToken,
                   new { currentPassword = Api.StrongPassword, newPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        using var delete = await _client.Send(HttpMethod.Delete, "/v1/users/me", tokens.AccessToken, new { password = newPassword });
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task A_password_only_session_is_refused_each_change_until_it_steps_up_and_then_even_its_old_token_may()
    {
        var (_, secret, _, sessions) = await EnrolledAsync(passwordSessions: 1);

        // Signed in before the factor was turned on: the account has a factor, this session never proved it.
        var passwordOnly = sessions[0];
        Assert.Equal(["pwd"], Amr(passwordOnly.AccessToken));
        Assert.False(Payload(passwordOnly.AccessToken).TryGetProperty("mfa_time", out _));
        foreach (var (method, path, request) in Changes(Api.NewEmail("elsewhere")))
        {
            using var refused = await _client.Send(method, path, passwordOnly.AccessToken, request);
            var problem = await refused.AssertProblem(HttpStatusCode.Forbidden, "step_up_required");
            Assert.Contains("POST /v1/auth/step-up", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var code = Oathtool.Code(secret, Now);
        using var stepUp = await _client.Send(HttpMethod.Post, StepUp, passwordOnly.AccessToken, new { code });
        Assert.Equal(HttpStatusCode.OK, stepUp.StatusCode);
        var body = await stepUp.Body();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.Equal(900, body.GetProperty("expiresIn").GetInt64());
        Assert.False(body.TryGetProperty("refreshToken", out _));
        var stepped = body.GetProperty("accessToken").GetString()!;
        var claims = Payload(stepped);
        Assert.Equal(["pwd", "otp"], Amr(stepped));
        Assert.Equal(Payload(passwordOnly.AccessToken).GetProperty("sid").GetString(), claims.GetProperty("sid").GetString());
        Assert.Equal(Payload(passwordOnly.AccessToken).GetProperty("auth_time").GetInt64(), claims.GetProperty("auth_time").GetInt64());
        Assert.Equal(Now.ToUnixTimeSeconds(), claims.GetProperty("mfa_time").GetInt64());

        // The rule reads the session, not the token: the token from before the step-up says only pwd, and passes now.
        using var change = await _client.Send(HttpMethod.Post, "/v1/users/me/password", passwordOnly.AccessToken,
            new { currentPassword = Api.StrongPassword, newPassword = "another passphrase once proven" });
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
    }

    [Fact]
    public async Task A_second_factor_sign_in_counts_for_five_minutes_then_the_change_asks_again()
    {
        var (email, secret, _, _) = await EnrolledAsync();
        var signedIn = await MfaLoginAsync(email, Oathtool.Code(secret, Now));
        Assert.Equal(["pwd", "otp"], Amr(signedIn.AccessToken));

        _factory.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        using (var stillFresh = await _client.Send(HttpMethod.Post, "/v1/users/me/email", signedIn.AccessToken,
                   new { newEmail = Api.NewEmail("fresh"), currentPassword = Api.StrongPassword }))
        {
            Assert.Equal(HttpStatusCode.Accepted, stillFresh.StatusCode);
        }

        _factory.Time.Advance(TimeSpan.FromSeconds(2));
        using (var stale = await _client.Send(HttpMethod.Delete, "/v1/users/me", signedIn.AccessToken, new { password = Api.StrongPassword }))
        {
            await stale.AssertProblem(HttpStatusCode.Forbidden, "step_up_required");
        }

        // A refresh carries the sign-in over unchanged: same amr, auth_time and proof time, so still too old.
        using var refreshed = await _client.Refresh(signedIn.RefreshToken);
        var rotated = Tokens.From(await refreshed.Body());
        Assert.Equal(["pwd", "otp"], Amr(rotated.AccessToken));
        Assert.Equal(Payload(signedIn.AccessToken).GetProperty("auth_time").GetInt64(), Payload(rotated.AccessToken).GetProperty("auth_time").GetInt64());
        Assert.Equal(Payload(signedIn.AccessToken).GetProperty("mfa_time").GetInt64(), Payload(rotated.AccessToken).GetProperty("mfa_time").GetInt64());
        using (var stillStale = await _client.Send(HttpMethod.Delete, "/v1/users/me", rotated.AccessToken, new { password = Api.StrongPassword }))
        {
            await stillStale.AssertProblem(HttpStatusCode.Forbidden, "step_up_required");
        }

        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        using (var stepUp = await _client.Send(HttpMethod.Post, StepUp, rotated.AccessToken, new { code = Oathtool.Code(secret, Now) }))
        {
            Assert.Equal(HttpStatusCode.OK, stepUp.StatusCode);
        }

        using (var refreshedAgain = await _client.Refresh(rotated.RefreshToken))
        {
            var again = Tokens.From(await refreshedAgain.Body());
            Assert.Equal(Now.ToUnixTimeSeconds(), Payload(again.AccessToken).GetProperty("mfa_time").GetInt64());
        }

        using var delete = await _client.Send(HttpMethod.Delete, "/v1/users/me", rotated.AccessToken, new { password = Api.StrongPassword });
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
    }

    [Fact]
    public async Task Step_up_spends_each_steps_code_once_and_a_recovery_code_once()
    {
        var (email, secret, recoveryCodes, sessions) = await EnrolledAsync(passwordSessions: 1);
        var session = sessions[0];
        var code = Oathtool.Code(secret, Now);
        using (var first = await _client.Send(HttpMethod.Post, StepUp, session.AccessToken, new { code }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var replayed = await _client.Send(HttpMethod.Post, StepUp, session.AccessToken, new { code }))
        {
            await replayed.AssertProblem(HttpStatusCode.Forbidden, "invalid_mfa_code");
        }

        // Spent at step-up means spent at sign-in too: one replay guard per account.
        using (var login = await _client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword }))
        {
            var mfaToken = (await login.AssertProblem(HttpStatusCode.Unauthorized, "mfa_required")).GetProperty("mfaToken").GetString();
            using var replayedAtLogin = await _client.PostJson("/v1/auth/login/mfa", new { mfaToken, code });
            await replayedAtLogin.AssertProblem(HttpStatusCode.Unauthorized, "invalid_mfa_code");
        }

        using (var recovered = await _client.Send(HttpMethod.Post, StepUp, session.AccessToken, new { recoveryCode = recoveryCodes[3] }))
        {
            Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        }

        using (var again = await _client.Send(HttpMethod.Post, StepUp, session.AccessToken, new { recoveryCode = recoveryCodes[3] }))
        {
            await again.AssertProblem(HttpStatusCode.Forbidden, "invalid_mfa_code");
        }

        using var me = await _client.Send(HttpMethod.Get, "/v1/users/me", session.AccessToken);
        Assert.Equal(9, (await me.Body()).GetProperty("mfa").GetProperty("recoveryCodesLeft").GetInt32());
    }

    [Fact]
    public async Task Of_concurrent_step_ups_with_one_code_exactly_one_is_a_proof()
    {
        // Four, below the five free failures: the losers' wrong codes must not put the account in its back-off here.
        var (_, secret, _, sessions) = await EnrolledAsync(passwordSessions: 4);
        var code = Oathtool.Code(secret, Now);
        var answers = await Task.WhenAll(sessions.Select(async s =>
        {
            using var response = await _client.Send(HttpMethod.Post, StepUp, s.AccessToken, new { code });
            return response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(a => a == HttpStatusCode.OK));
        Assert.All(answers.Where(a => a != HttpStatusCode.OK), a => Assert.Contains(a, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Conflict }));
        var allowed = 0;
        foreach (var s in sessions)
        {
            using var change = await _client.Send(HttpMethod.Post, "/v1/users/me/email", s.AccessToken,
                new { newEmail = Api.NewEmail("race"), currentPassword = Api.StrongPassword });
            allowed += change.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
        }

        Assert.Equal(1, allowed);
    }

    [Fact]
    public async Task Wrong_step_up_codes_count_against_the_accounts_back_off()
    {
        var (email, secret, _, sessions) = await EnrolledAsync(passwordSessions: 1);
        var session = sessions[0];
        var right = Oathtool.Code(secret, Now);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await _client.Send(HttpMethod.Post, StepUp, session.AccessToken, new { code = Wrong(right, i) });
            await wrong.AssertProblem(HttpStatusCode.Forbidden, "invalid_mfa_code");
        }

        using (var throttled = await _client.Send(HttpMethod.Post, StepUp, session.AccessToken, new { code = right }))
        {
            await throttled.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
            Assert.NotNull(throttled.Headers.RetryAfter);
        }

        using var signIn = await _client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
        await signIn.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
    }

    [Fact]
    public async Task A_malformed_step_up_is_a_validation_problem_and_no_token_is_invalid_token()
    {
        var tokens = await _client.Register();
        using (var both = await _client.Send(HttpMethod.Post, StepUp, tokens.AccessToken, new { code = "123456", recoveryCode = "abcde-fghij" }))
        {
            Assert.True((await both.AssertProblem(HttpStatusCode.BadRequest, "validation_failed")).GetProperty("errors").TryGetProperty("code", out _));
        }

        using (var neither = await _client.Send(HttpMethod.Post, StepUp, tokens.AccessToken, new { }))
        {
            await neither.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        }

        using var anonymous = await _client.PostJson(StepUp, new { code = "123456" });
        await anonymous.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _mailbox.Dispose();
    }

    private static IEnumerable<(HttpMethod Method, string Path, object Body)> Changes(string newEmail) =>
    [
        (HttpMethod.Post, "/v1/users/me/password", new { currentPassword = Api.StrongPassword, newPassword = "a new passphrase nobody knows" }),
        (HttpMethod.Post, "/v1/users/me/email", new { newEmail, currentPassword = Api.StrongPassword }),
        (HttpMethod.Delete, "/v1/users/me", new { password = Api.StrongPassword }),
    ];

    private static string Wrong(string code, int i) =>
        ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1 + i) % 1_000_000)
        .ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonElement Payload(string accessToken) => JsonDocument.Parse(TokenForge.PayloadJson(accessToken)).RootElement;

    private static string[] Amr(string accessToken) => [.. Payload(accessToken).GetProperty("amr").EnumerateArray().Select(m => m.GetString()!)];

    /// <summary>
    /// An account with an active factor, enrolled and confirmed on its first session, and <paramref name="passwordSessions"/>
    /// sessions signed in with the password before the factor was turned on: they never proved it.
    /// </summary>
    private async Task<(string Email, string Secret, string[] RecoveryCodes, Tokens[] PasswordSessions)> EnrolledAsync(
        int passwordSessions = 0)
    {
        var email = Api.NewEmail("stepup");
        var account = await _client.RegisterWithAuthenticator(email, Now, passwordSessions);

        // The next code is of the next step: the confirmation spent this one.
        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        return (email, account.Secret, account.RecoveryCodes, account.PasswordSessions);
    }

    private async Task<Tokens> MfaLoginAsync(string email, string code)
    {
        using var login = await _client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
        var mfaToken = (await login.AssertProblem(HttpStatusCode.Unauthorized, "mfa_required")).GetProperty("mfaToken").GetString();
        using var done = await _client.PostJson("/v1/auth/login/mfa", new { mfaToken, code });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        return Tokens.From(await done.Body());
    }
}
