using System.Globalization;
using System.Net;
using Latch.Domain.Common;
using Latch.IntegrationTests.Mail;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>
/// An outside review of the second factor over a real socket, codes computed by oathtool at the server's (fake) time.
/// Each test states the behaviour the documentation promises; they are red on the code they were written against
/// (defects found by the review, not fixed here).
/// </summary>
public sealed class SecondFactorReviewTests : IDisposable
{
    private const string NewPassword = "a brand new passphrase for this account";
    private readonly Mailbox _mailbox = new();
    private readonly ClockedKestrelFactory _factory;
    private readonly HttpClient _client;

    public SecondFactorReviewTests()
    {
        // Behind the real time, so the use cases' clock can move ahead while every access token stays valid.
        _factory = new ClockedKestrelFactory(MailLinks.Settings(_mailbox), behind: TimeSpan.FromMinutes(10));
        _client = _factory.Socket();
    }

    private DateTimeOffset Now => _factory.Time.GetUtcNow();

    /// <summary>
    /// A password reset "ends every session": the sign-in an attacker started with the old password, waiting at its
    /// second step, must end with it, or the reset does not shut out whoever had the password and a code.
    /// </summary>
    [Fact]
    public async Task An_mfa_token_won_with_the_old_password_does_not_complete_a_sign_in_after_a_password_reset()
    {
        var (email, secret, _) = await EnrolledAsync();
        var mfaToken = await ChallengeAsync(email);

        using (var asked = await _client.PostJson("/v1/auth/password-reset", new { email }))
        {
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        }

        var resetToken = MailLinks.Token((await _mailbox.ForAsync(email))[^1]);
        using (var reset = await _client.PostJson("/v1/auth/password-reset/confirm", new { token = resetToken, newPassword = NewPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        using var completed = await _client.PostJson("/v1/auth/login/mfa", new { mfaToken, code = Oathtool.Code(secret, Now) });
        await completed.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidMfaToken);
    }

    /// <summary>
    /// A password change "ends every other session, including those of sign-ins with the old password still in flight":
    /// a sign-in waiting at its second step with an mfaToken won by the old password is one of them.
    /// </summary>
    [Fact]
    public async Task An_mfa_token_won_with_the_old_password_does_not_complete_a_sign_in_after_a_password_change()
    {
        var (email, secret, owner) = await EnrolledAsync();
        var mfaToken = await ChallengeAsync(email);

        // The confirming session proved the factor just now, so the change needs no separate step-up.
        using (var changed = await _client.Send(HttpMethod.Post, "/v1/users/me/password", owner.AccessToken,
                   new { currentPassword = Api.StrongPassword, newPassword = NewPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        }

        using var completed = await _client.PostJson("/v1/auth/login/mfa", new { mfaToken, code = Oathtool.Code(secret, Now) });
        await completed.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidMfaToken);
    }

    /// <summary>
    /// ADR 0014: second-factor guesses are throttled like passwords. At confirm, a stolen access token (no password)
    /// and a pending enrolment are enough to guess codes with no back-off at all, and a hit answers the recovery codes
    /// and counts as a step-up on the stolen session. After the free failures the next guess must wait.
    /// </summary>
    [Fact]
    public async Task Wrong_codes_at_confirm_count_against_the_failed_login_back_off()
    {
        var tokens = await _client.Register(Api.NewEmail("review-confirm"));
        var secret = await EnrolAsync(tokens.AccessToken);
        var wrong = Wrong(Oathtool.Code(secret, Now));

        for (var i = 0; i < 5; i++)
        {
            using var refused = await _client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/confirm", tokens.AccessToken,
                new { code = wrong });
            await refused.AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.InvalidMfaCode);
        }

        using var throttled = await _client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/confirm", tokens.AccessToken,
            new { code = wrong });
        await throttled.AssertProblem(HttpStatusCode.TooManyRequests, ErrorCodes.TooManyAttempts);
    }

    /// <summary>Every other code field stops at 64 characters with a validation error; confirm judges any length as a code.</summary>
    [Fact]
    public async Task A_confirm_code_over_64_characters_is_a_validation_error_like_every_other_code_field()
    {
        var tokens = await _client.Register(Api.NewEmail("review-long"));
        await EnrolAsync(tokens.AccessToken);

        using var refused = await _client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/confirm", tokens.AccessToken,
            new { code = new string('1', 65) });
        var body = await refused.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.True(body.GetProperty("errors").TryGetProperty("code", out _), body.ToString());
    }

    /// <summary>
    /// An mfaToken "dies after 3 wrong codes". Its count is read before the code is judged and written after, so wrong
    /// codes sent at once all pass the read: up to the account's five free failures are judged under one token. Several
    /// fresh accounts, five concurrent wrong codes each: no token may have more than three judged.
    /// </summary>
    [Fact]
    public async Task Concurrent_wrong_codes_on_one_mfa_token_are_judged_no_more_than_three_times()
    {
        var judged = new List<int>();
        for (var round = 0; round < 4; round++)
        {
            var (email, secret, _) = await EnrolledAsync();
            var mfaToken = await ChallengeAsync(email);
            var wrong = Wrong(Oathtool.Code(secret, Now));
            using var start = new SemaphoreSlim(0);
            var attempts = Enumerable.Range(0, 5).Select(async _ =>
            {
                await start.WaitAsync();
                using var response = await _client.PostJson("/v1/auth/login/mfa", new { mfaToken, code = wrong });
                return (await response.Body()).GetProperty("code").GetString();
            }).ToArray();
            start.Release(attempts.Length);
            var codes = await Task.WhenAll(attempts);
            judged.Add(codes.Count(c => c == ErrorCodes.InvalidMfaCode));
        }

        Assert.All(judged, count => Assert.True(count <= 3, $"wrong codes judged per token: {string.Join(", ", judged)}"));
    }

    /// <summary>
    /// Whoever has the password gets five code guesses, waits out 15 quiet minutes, which forget them, and starts again:
    /// about 39 guesses an hour for as long as they like, and the owner is never told. NIST SP 800-63B (5.2.2) limits
    /// consecutive failed attempts on one account to 100. Here 21 rounds of five wrong codes, 15 minutes apart: no more
    /// than 100 of them may be judged.
    /// </summary>
    [Fact]
    public async Task Wrong_codes_after_the_right_password_are_limited_in_number_not_only_in_rate()
    {
        var (email, secret, _) = await EnrolledAsync();
        var judged = 0;
        for (var round = 0; round < 21; round++)
        {
            var left = 5;
            while (left > 0)
            {
                using var login = await _client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
                var body = await login.Body();
                if (body.GetProperty("code").GetString() != ErrorCodes.MfaRequired)
                {
                    break;
                }

                var mfaToken = body.GetProperty("mfaToken").GetString();
                for (var i = 0; i < 3 && left > 0; i++, left--)
                {
                    using var guess = await _client.PostJson("/v1/auth/login/mfa",
                        new { mfaToken, code = Wrong(Oathtool.Code(secret, Now)) });
                    if ((await guess.Body()).GetProperty("code").GetString() == ErrorCodes.InvalidMfaCode)
                    {
                        judged++;
                    }
                }
            }

            _factory.Time.Advance(TimeSpan.FromMinutes(15));
        }

        Assert.True(judged <= 100, $"{judged} consecutive wrong codes were judged on one account");
    }

    /// <summary>
    /// ADR 0014: while a factor is active, knowing the password must not buy fresh guesses at the code. A password reset
    /// is a new password known, and it resets the email's budget: whoever reads the mailbox guesses five codes, resets,
    /// and guesses five more at once.
    /// </summary>
    [Fact]
    public async Task A_password_reset_does_not_buy_fresh_guesses_at_the_code()
    {
        var (email, secret, _) = await EnrolledAsync();
        var wrong = Wrong(Oathtool.Code(secret, Now));
        for (var left = 5; left > 0;)
        {
            var mfaToken = await ChallengeAsync(email);
            for (var i = 0; i < 3 && left > 0; i++, left--)
            {
                using var guess = await _client.PostJson("/v1/auth/login/mfa", new { mfaToken, code = wrong });
                await guess.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidMfaCode);
            }
        }

        using (var asked = await _client.PostJson("/v1/auth/password-reset", new { email }))
        {
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        }

        var resetToken = MailLinks.Token((await _mailbox.ForAsync(email))[^1]);
        using (var reset = await _client.PostJson("/v1/auth/password-reset/confirm", new { token = resetToken, newPassword = NewPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        using var login = await _client.PostJson("/v1/auth/login", new { email, password = NewPassword });
        var body = await login.Body();
        if (login.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return;
        }

        var afterReset = body.GetProperty("mfaToken").GetString();
        using var sixth = await _client.PostJson("/v1/auth/login/mfa", new { mfaToken = afterReset, code = wrong });
        await sixth.AssertProblem(HttpStatusCode.TooManyRequests, ErrorCodes.TooManyAttempts);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _mailbox.Dispose();
    }

    private static string Wrong(string code) =>
        ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    private async Task<string> EnrolAsync(string accessToken)
    {
        using var enrol = await _client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp", accessToken,
            new { currentPassword = Api.StrongPassword });
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        return (await enrol.Body()).GetProperty("secret").GetString()!;
    }

    /// <summary>An account with an active factor, confirmed on its first session; the clock then moves to the next step.</summary>
    private async Task<(string Email, string Secret, Tokens Owner)> EnrolledAsync()
    {
        var email = Api.NewEmail("review-mfa");
        var owner = await _client.Register(email);
        var secret = await EnrolAsync(owner.AccessToken);
        using (var confirm = await _client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/confirm", owner.AccessToken,
                   new { code = Oathtool.Code(secret, Now) }))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        _factory.Time.Advance(TimeSpan.FromSeconds(30));
        return (email, secret, owner);
    }

    private async Task<string> ChallengeAsync(string email)
    {
        using var login = await _client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
        var body = await login.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.MfaRequired);
        return body.GetProperty("mfaToken").GetString()!;
    }
}
