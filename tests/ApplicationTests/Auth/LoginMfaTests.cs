using Latch.Application.Auth.LoginMfa;
using Latch.Application.Common.Interfaces;
using Latch.Application.Users.SecondFactor;
using Latch.ApplicationTests.Ports;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;

namespace Latch.ApplicationTests.Auth;

/// <summary>Sign-in with a second factor, through the mediator: the challenge, the code, and what may not get past them.</summary>
public sealed class LoginMfaTests : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task With_a_factor_the_right_password_answers_mfa_required_and_a_current_code_completes_the_sign_in_once()
    {
        var caller = await EnrolledAsync();
        var sessionsBefore = _app.Sessions.All().Count;

        var token = await ChallengeAsync();
        Assert.Equal(sessionsBefore, _app.Sessions.All().Count);
        Assert.Equal(AuditEvent.MfaChallengeIssued, _app.Audit.Events.Last());

        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = FakeTotpAuthenticator.CodeAt(_app.Clock.UtcNow);
        var done = await _app.Sender.Send(CompleteMfaLoginCommand.Parse(token, code, null, TestApp.Client).Value);
        Assert.True(done.IsSuccess, done.Error?.Code);
        Assert.Equal(caller.UserId.Value, done.Value.User.Id);
        Assert.Equal(sessionsBefore + 1, _app.Sessions.All().Count);

        // The same token and code again: spent, and the code's step is used.
        var replay = await _app.Sender.Send(CompleteMfaLoginCommand.Parse(token, code, null, TestApp.Client).Value);
        Assert.Same(SecondFactorErrors.InvalidMfaToken, replay.Error);
        var fresh = await ChallengeAsync();
        var replayedCode = await _app.Sender.Send(CompleteMfaLoginCommand.Parse(fresh, code, null, TestApp.Client).Value);
        Assert.Same(SecondFactorErrors.WrongSignInCode, replayedCode.Error);
    }

    [Fact]
    public async Task Wrong_codes_count_against_the_accounts_back_off_and_end_the_token_after_three()
    {
        await EnrolledAsync();
        var token = await ChallengeAsync();
        for (var i = 0; i < CompleteMfaLoginCommand.WrongCodesPerToken; i++)
        {
            var wrong = await _app.Sender.Send(CompleteMfaLoginCommand.Parse(token, "000000", null, TestApp.Client).Value);
            Assert.Same(SecondFactorErrors.WrongSignInCode, wrong.Error);
        }

        Assert.Equal(CompleteMfaLoginCommand.WrongCodesPerToken,
            (await _app.FailedLogins.GetAsync(Domain.Lockout.AttemptKey.ForEmail(Domain.Users.Email.Create("owner@example.com").Value),
                CancellationToken.None)).Count);
        var right = FakeTotpAuthenticator.CodeAt(_app.Clock.UtcNow, 1);
        var dead = await _app.Sender.Send(CompleteMfaLoginCommand.Parse(token, right, null, TestApp.Client).Value);
        Assert.Same(SecondFactorErrors.InvalidMfaToken, dead.Error);
    }

    [Fact]
    public async Task A_recovery_code_completes_a_sign_in_once_and_is_audited()
    {
        var (_, caller) = await _app.RegisterAsync();
        var codes = await ConfirmAsync(caller);

        var first = await _app.Sender.Send(CompleteMfaLoginCommand.Parse(await ChallengeAsync(), null, codes[3].ToUpperInvariant(),
            TestApp.Client).Value);
        Assert.True(first.IsSuccess, first.Error?.Code);
        Assert.Contains(AuditEvent.RecoveryCodeUsed, _app.Audit.Events);

        var again = await _app.Sender.Send(CompleteMfaLoginCommand.Parse(await ChallengeAsync(), null, codes[3], TestApp.Client).Value);
        Assert.Same(SecondFactorErrors.WrongSignInCode, again.Error);
    }

    [Fact]
    public async Task A_token_not_ours_or_too_old_is_invalid_and_the_body_must_name_exactly_one_code()
    {
        await EnrolledAsync();
        var token = await ChallengeAsync();
        Assert.Same(SecondFactorErrors.InvalidMfaToken,
            (await _app.Sender.Send(CompleteMfaLoginCommand.Parse("mfa.forged", "123456", null, TestApp.Client).Value)).Error);
        _app.Clock.Advance(CompleteMfaLoginCommand.TokenLifetime + TimeSpan.FromSeconds(1));
        Assert.Same(SecondFactorErrors.InvalidMfaToken, (await _app.Sender.Send(CompleteMfaLoginCommand.Parse(token,
            FakeTotpAuthenticator.CodeAt(_app.Clock.UtcNow), null, TestApp.Client).Value)).Error);

        Assert.Equal(ErrorCodes.ValidationFailed, CompleteMfaLoginCommand.Parse(token, null, null, TestApp.Client).Error?.Code);
        Assert.Equal(ErrorCodes.ValidationFailed, CompleteMfaLoginCommand.Parse(token, "1", "2", TestApp.Client).Error?.Code);
        Assert.Equal(ErrorCodes.ValidationFailed, CompleteMfaLoginCommand.Parse(null, "1", null, TestApp.Client).Error?.Code);
    }

    public void Dispose() => _app.Dispose();

    private async Task<Application.Common.Models.CurrentUser> EnrolledAsync()
    {
        var (_, caller) = await _app.RegisterAsync();
        await ConfirmAsync(caller);
        return caller;
    }

    private async Task<IReadOnlyList<string>> ConfirmAsync(Application.Common.Models.CurrentUser caller)
    {
        var enrol = await _app.Sender.Send(EnrolTotpCommand.Parse(caller, TestApp.Password).Value);
        Assert.True(enrol.IsSuccess, enrol.Error?.Code);
        var confirm = await _app.Sender.Send(ConfirmTotpCommand.Parse(caller, FakeTotpAuthenticator.CodeAt(_app.Clock.UtcNow)).Value);
        Assert.True(confirm.IsSuccess, confirm.Error?.Code);
        return confirm.Value.RecoveryCodes;
    }

    private async Task<string> ChallengeAsync()
    {
        var login = await _app.LoginAsync("owner@example.com", TestApp.Password);
        Assert.Equal(ErrorCodes.MfaRequired, login.Error?.Code);
        return login.Error!.Member!.Value.Value;
    }
}
