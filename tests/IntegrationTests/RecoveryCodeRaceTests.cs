using System.Net;
using Latch.Application.Common.Interfaces;
using Latch.IntegrationTests.Mail;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>
/// One recovery code sent by several requests at once, over a real socket, at each place a code is taken: the account
/// writes are held until every request has judged the code right, so they all reach the versioned update together.
/// Exactly one request spends the code; only that one is audited <c>RecoveryCodeUsed</c> (and clears the failure
/// counts); the others get the answer docs/api.md gives a lost race.
/// </summary>
public sealed class RecoveryCodeRaceTests : IDisposable
{
    // Below the five free failures: every racer's code is counted against the back-off until one is spent.
    private const int Racers = 4;
    private readonly Mailbox _mailbox = new();
    private readonly HeldWritesKestrelFactory _factory;
    private readonly HttpClient _client;

    public RecoveryCodeRaceTests()
    {
        _factory = new HeldWritesKestrelFactory(MailLinks.Settings(_mailbox));
        _client = _factory.Socket();
    }

    [Fact]
    public async Task Of_concurrent_sign_ins_with_one_recovery_code_one_completes_and_one_use_is_audited()
    {
        var email = Api.NewEmail("recovery-race");
        var (recoveryCode, tokens, _) = await EnrolledAsync(email);
        var mfaTokens = new string[Racers];
        for (var i = 0; i < Racers; i++)
        {
            using var login = await _client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
            mfaTokens[i] = (await login.AssertProblem(HttpStatusCode.Unauthorized, "mfa_required")).GetProperty("mfaToken").GetString()!;
        }

        var answers = await RaceAsync(i => _client.PostJson("/v1/auth/login/mfa", new { mfaToken = mfaTokens[i], recoveryCode }));

        await AssertOneWinnerAsync(answers, HttpStatusCode.OK, HttpStatusCode.Unauthorized, "invalid_mfa_token", "login");
        await AssertCodesLeftAsync(tokens.AccessToken, 9);
    }

    [Fact]
    public async Task Of_concurrent_step_ups_with_one_recovery_code_one_is_a_proof_and_one_use_is_audited()
    {
        var (recoveryCode, _, sessions) = await EnrolledAsync(Api.NewEmail("recovery-race"), passwordSessions: Racers);

        var answers = await RaceAsync(i => _client.Send(HttpMethod.Post, "/v1/auth/step-up", sessions[i].AccessToken, new { recoveryCode }));

        await AssertOneWinnerAsync(answers, HttpStatusCode.OK, HttpStatusCode.Conflict, "conflict", "step-up");
        await AssertCodesLeftAsync(sessions[0].AccessToken, 9);
    }

    [Fact]
    public async Task Of_concurrent_regenerations_with_one_recovery_code_one_answers_codes_and_one_use_is_audited()
    {
        var (recoveryCode, tokens, _) = await EnrolledAsync(Api.NewEmail("recovery-race"));

        var answers = await RaceAsync(_ => _client.Send(HttpMethod.Post, "/v1/users/me/mfa/recovery-codes", tokens.AccessToken,
            new { currentPassword = Api.StrongPassword, recoveryCode }));

        await AssertOneWinnerAsync(answers, HttpStatusCode.OK, HttpStatusCode.Conflict, "conflict", "regenerate");
        Assert.Single(_factory.Audit, a => a.Event == AuditEvent.RecoveryCodesRegenerated);
        await AssertCodesLeftAsync(tokens.AccessToken, 10);
    }

    [Fact]
    public async Task Of_concurrent_disables_with_one_recovery_code_one_removes_the_factor_and_one_use_is_audited()
    {
        var (recoveryCode, tokens, _) = await EnrolledAsync(Api.NewEmail("recovery-race"));

        var answers = await RaceAsync(_ => _client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/disable", tokens.AccessToken,
            new { currentPassword = Api.StrongPassword, recoveryCode }));

        await AssertOneWinnerAsync(answers, HttpStatusCode.NoContent, HttpStatusCode.Conflict, "conflict", "disable");
        Assert.Single(_factory.Audit, a => a.Event == AuditEvent.TotpDisabled);
        await AssertCodesLeftAsync(tokens.AccessToken, 0);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _mailbox.Dispose();
    }

    /// <summary>Sends <see cref="Racers"/> requests at once, their account writes held until all of them are waiting.</summary>
    private async Task<HttpResponseMessage[]> RaceAsync(Func<int, Task<HttpResponseMessage>> send)
    {
        _factory.HoldNextUpdates(Racers);
        var answers = await Task.WhenAll(Enumerable.Range(0, Racers).Select(i => Task.Run(() => send(i))));
        Assert.Equal(Racers, _factory.HeldWriters);
        return answers;
    }

    private async Task AssertOneWinnerAsync(HttpResponseMessage[] answers, HttpStatusCode won, HttpStatusCode lost, string lostCode,
        string where)
    {
        try
        {
            Assert.Single(answers, a => a.StatusCode == won);
            foreach (var loser in answers.Where(a => a.StatusCode != won))
            {
                await loser.AssertProblem(lost, lostCode);
            }

            Assert.Equal([where], _factory.Audit.Where(a => a.Event == AuditEvent.RecoveryCodeUsed).Select(a => a.Detail));
        }
        finally
        {
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }
    }

    private async Task AssertCodesLeftAsync(string accessToken, int left)
    {
        using var me = await _client.Send(HttpMethod.Get, "/v1/users/me", accessToken);
        Assert.Equal(left, (await me.Body()).GetProperty("mfa").GetProperty("recoveryCodesLeft").GetInt32());
    }

    /// <summary>
    /// An account with an active factor, confirmed with oathtool's code, one of its recovery codes, the enrolling session
    /// and <paramref name="passwordSessions"/> sessions signed in with the password before the factor was turned on.
    /// </summary>
    private async Task<(string RecoveryCode, Tokens Tokens, Tokens[] PasswordSessions)> EnrolledAsync(string email,
        int passwordSessions = 0)
    {
        var account = await _client.RegisterWithAuthenticator(email, DateTimeOffset.UtcNow, passwordSessions);
        return (account.RecoveryCodes[0], account.Tokens, account.PasswordSessions);
    }
}
