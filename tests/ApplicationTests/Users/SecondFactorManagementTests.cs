using Latch.Application.Auth.StepUp;
using Latch.Application.Auth.LoginMfa;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Application.Common.Outbox;
using Latch.Application.Users.SecondFactor;
using Latch.ApplicationTests.Ports;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latch.ApplicationTests.Users;

/// <summary>
/// Turning the factor off and replacing its recovery codes, through the mediator: what each asks for, what each
/// refuses, what each ends, and the notice a recovery code's use sends.
/// </summary>
public sealed class SecondFactorManagementTests : IDisposable
{
    private const string Owner = "owner@example.com";
    private readonly TestApp _app = new();

    [Fact]
    public async Task Disabling_with_the_password_and_a_current_code_removes_the_factor_and_ends_every_other_session()
    {
        var (caller, _) = await EnrolledAsync();
        var other = await SignInAsync(caller);
        _app.Clock.Advance(TimeSpan.FromSeconds(60));

        var disabled = await _app.Sender.Send(DisableTotpCommand.Parse(caller, TestApp.Password, Code(), null).Value);

        Assert.True(disabled.IsSuccess, disabled.Error?.Code);
        Assert.Null((await UserAsync()).Totp);
        var sessions = _app.Sessions.All();
        Assert.Null(sessions.Single(s => s.Id == caller.SessionId).RevokedAt);
        Assert.Equal(RevocationReason.SecondFactorDisabled, sessions.Single(s => s.Id == other.SessionId).RevocationReason);
        Assert.Contains(_app.Audit.Records, r => r.Event == AuditEvent.TotpDisabled && r.UserId == caller.UserId);
        Assert.True((await _app.LoginAsync(Owner, TestApp.Password)).IsSuccess);
        Assert.Empty(_app.Outbox.Messages);
    }

    [Fact]
    public async Task A_wrong_password_spends_no_code_and_a_wrong_or_replayed_code_is_refused_and_counted()
    {
        var (caller, _) = await EnrolledAsync();
        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = Code();

        var wrongPassword = await _app.Sender.Send(DisableTotpCommand.Parse(caller, "not the password", code, null).Value);
        Assert.Equal(ErrorCodes.WrongPassword, wrongPassword.Error?.Code);
        Assert.Contains(AuditEvent.ReauthenticationFailed, _app.Audit.Events);

        // The code was not spent by the refused request: it still disables.
        var wrongCode = await _app.Sender.Send(DisableTotpCommand.Parse(caller, TestApp.Password, "000000", null).Value);
        Assert.Same(SecondFactorErrors.WrongCode, wrongCode.Error);
        Assert.Contains(_app.Audit.Records, r => r.Event == AuditEvent.TotpCodeRejected && r.Detail == "disable");
        Assert.Equal(2, (await _app.FailedLogins.GetAsync(AttemptKey.ForEmail(Email.Create(Owner).Value), CancellationToken.None)).Count);

        var confirmStep = FakeTotpAuthenticator.CodeAt(_app.Clock.UtcNow, -1);
        var replayed = await _app.Sender.Send(DisableTotpCommand.Parse(caller, TestApp.Password, confirmStep, null).Value);
        Assert.Same(SecondFactorErrors.WrongCode, replayed.Error);
        Assert.True((await UserAsync()).HasSecondFactor);

        Assert.True((await _app.Sender.Send(DisableTotpCommand.Parse(caller, TestApp.Password, code, null).Value)).IsSuccess);
    }

    [Fact]
    public async Task Codes_are_judged_under_the_accounts_back_off()
    {
        var (caller, _) = await EnrolledAsync();
        for (var i = 0; i < _app.Lockout.FreeFailures; i++)
        {
            var wrong = await _app.Sender.Send(RegenerateRecoveryCodesCommand.Parse(caller, TestApp.Password, "000000", null).Value);
            Assert.Same(SecondFactorErrors.WrongCode, wrong.Error);
        }

        // The next step's code, right, but judged only once the back-off lets a check through.
        var right = FakeTotpAuthenticator.CodeAt(_app.Clock.UtcNow, 1);
        var throttled = await _app.Sender.Send(RegenerateRecoveryCodesCommand.Parse(caller, TestApp.Password, right, null).Value);
        Assert.Equal(ErrorCodes.TooManyAttempts, throttled.Error?.Code);
    }

    [Fact]
    public async Task Without_an_active_factor_both_answer_mfa_not_enrolled_and_the_body_needs_exactly_one_code()
    {
        var (_, caller) = await _app.RegisterAsync();
        Assert.Same(SecondFactorErrors.NotActive,
            (await _app.Sender.Send(DisableTotpCommand.Parse(caller, TestApp.Password, "123456", null).Value)).Error);
        Assert.Same(SecondFactorErrors.NotActive,
            (await _app.Sender.Send(RegenerateRecoveryCodesCommand.Parse(caller, TestApp.Password, null, "abcde-fghij").Value)).Error);

        Assert.Equal(["Give either code or recoveryCode."], DisableTotpCommand.Parse(caller, TestApp.Password, null, null).Error!.Fields!["code"]);
        Assert.Equal(["Give either code or recoveryCode."], RegenerateRecoveryCodesCommand.Parse(caller, TestApp.Password, "1", "2").Error!.Fields!["code"]);
        var empty = DisableTotpCommand.Parse(caller, " ", new string('1', 65), null).Error!.Fields!;
        Assert.Equal(["Current password is required."], empty["currentPassword"]);
        Assert.Equal(["Code is too long."], empty["code"]);
    }

    [Fact]
    public async Task Regenerating_answers_ten_new_codes_and_voids_every_old_one()
    {
        var (caller, old) = await EnrolledAsync();

        var regenerated = await _app.Sender.Send(RegenerateRecoveryCodesCommand.Parse(caller, TestApp.Password, null, old[0]).Value);

        Assert.True(regenerated.IsSuccess, regenerated.Error?.Code);
        var fresh = regenerated.Value.RecoveryCodes;
        Assert.Equal(10, fresh.Count);
        Assert.Empty(fresh.Intersect(old));
        Assert.Contains(_app.Audit.Records, r => r.Event == AuditEvent.RecoveryCodesRegenerated && r.UserId == caller.UserId);
        Assert.Equal(10, (await UserAsync()).Totp!.RecoveryCodeHashes.Count);

        var byOld = await _app.Sender.Send(CompleteMfaLoginCommand.Parse(await ChallengeAsync(), null, old[1], TestApp.Client).Value);
        Assert.Same(SecondFactorErrors.WrongSignInCode, byOld.Error);
        var byNew = await _app.Sender.Send(CompleteMfaLoginCommand.Parse(await ChallengeAsync(), null, fresh[1], TestApp.Client).Value);
        Assert.True(byNew.IsSuccess, byNew.Error?.Code);
    }

    [Fact]
    public async Task Each_use_of_a_recovery_code_hands_the_outbox_one_notice_with_the_codes_left_and_no_secret()
    {
        var (caller, codes) = await EnrolledAsync();

        var signedIn = await _app.Sender.Send(CompleteMfaLoginCommand.Parse(await ChallengeAsync(), null, codes[0], TestApp.Client).Value);
        Assert.True(signedIn.IsSuccess, signedIn.Error?.Code);
        var steppedUp = await _app.Sender.Send(StepUpCommand.Parse(caller, null, codes[1]).Value);
        Assert.True(steppedUp.IsSuccess, steppedUp.Error?.Code);
        var regenerated = await _app.Sender.Send(RegenerateRecoveryCodesCommand.Parse(caller, TestApp.Password, null, codes[2]).Value);
        Assert.True(regenerated.IsSuccess, regenerated.Error?.Code);
        var disabled = await _app.Sender.Send(
            DisableTotpCommand.Parse(caller, TestApp.Password, null, regenerated.Value.RecoveryCodes[0]).Value);
        Assert.True(disabled.IsSuccess, disabled.Error?.Code);

        var notices = _app.Outbox.Messages.Cast<RecoveryCodeUsed>().ToList();
        Assert.Equal([(RecoveryCodeUse.SignIn, 9), (RecoveryCodeUse.StepUp, 8), (RecoveryCodeUse.Regenerate, 10), (RecoveryCodeUse.Disable, 0)],
            notices.Select(n => (n.Use, n.CodesLeft)));
        Assert.All(notices, n => Assert.Equal(caller.UserId.Value, n.UserId));
        Assert.All(notices, n => Assert.Equal($"RecoveryCodeUsed {{ Id = {n.Id} }}", n.ToString()));
        Assert.Equal(4, notices.Select(n => n.Id).Distinct().Count());
    }

    [Fact]
    public async Task An_outbox_that_refuses_leaves_the_recovery_code_unspent()
    {
        using var app = new TestApp(configure: services => services.Replace(ServiceDescriptor.Singleton<IOutbox, RefusingOutbox>()));
        var (_, caller) = await app.RegisterAsync(Owner);
        Assert.True((await app.Sender.Send(EnrolTotpCommand.Parse(caller, TestApp.Password).Value)).IsSuccess);
        var codes = (await app.Sender.Send(ConfirmTotpCommand.Parse(caller, FakeTotpAuthenticator.CodeAt(app.Clock.UtcNow)).Value)).Value.RecoveryCodes;

        await Assert.ThrowsAsync<OutboxUnavailableException>(async () =>
            await app.Sender.Send(RegenerateRecoveryCodesCommand.Parse(caller, TestApp.Password, null, codes[0]).Value));

        var stored = (await app.Users.FindByIdAsync(caller.UserId, CancellationToken.None))!;
        Assert.Equal(10, stored.Totp!.RecoveryCodeHashes.Count);
        Assert.DoesNotContain(AuditEvent.RecoveryCodesRegenerated, app.Audit.Events);
    }

    [Fact]
    public async Task A_change_that_loses_a_race_is_a_conflict_with_nothing_changed()
    {
        var (caller, _) = await EnrolledAsync();
        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        _app.Users.UpdatesToLose = 1;

        var lost = await _app.Sender.Send(DisableTotpCommand.Parse(caller, TestApp.Password, Code(), null).Value);

        Assert.Same(DomainErrors.Conflict, lost.Error);
        Assert.True((await UserAsync()).HasSecondFactor);
        Assert.DoesNotContain(AuditEvent.TotpDisabled, _app.Audit.Events);
    }

    [Fact]
    public async Task A_recovery_code_whose_update_loses_the_race_is_not_audited_gives_its_reservation_back_and_keeps_earlier_failures()
    {
        var (caller, codes) = await EnrolledAsync();
        var user = await UserAsync();
        var budget = AttemptKey.ForEmail(user.Email);
        var run = AttemptKey.ForSecondFactor(user.Id);
        Assert.Same(SecondFactorErrors.WrongCode, (await _app.Sender.Send(StepUpCommand.Parse(caller, "000000", null).Value)).Error);
        _app.Users.UpdatesToLose = 1;

        var lost = await _app.Sender.Send(StepUpCommand.Parse(caller, null, codes[0]).Value);

        // Another request spent the account first: this one spent nothing, so it neither audits a use nor wipes the
        // count the wrong code left; and its right code is not a failure, so its own reservation is given back.
        Assert.Same(DomainErrors.Conflict, lost.Error);
        Assert.Equal(1, (await _app.FailedLogins.GetAsync(budget, CancellationToken.None)).Count);
        Assert.Equal(1, (await _app.FailedLogins.GetAsync(run, CancellationToken.None)).Count);
        Assert.DoesNotContain(AuditEvent.RecoveryCodeUsed, _app.Audit.Events);

        var won = await _app.Sender.Send(StepUpCommand.Parse(caller, null, codes[0]).Value);

        Assert.True(won.IsSuccess, won.Error?.Code);
        Assert.Single(_app.Audit.Records, r => r.Event == AuditEvent.RecoveryCodeUsed && r.Detail == "step-up");
        Assert.Equal(0, (await _app.FailedLogins.GetAsync(budget, CancellationToken.None)).Count);
        Assert.Equal(0, (await _app.FailedLogins.GetAsync(run, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_right_authenticator_code_whose_update_loses_the_race_leaves_the_run_of_wrong_codes_and_the_back_off_as_they_were()
    {
        var (caller, _) = await EnrolledAsync();
        var user = await UserAsync();
        var budget = AttemptKey.ForEmail(user.Email);
        var run = AttemptKey.ForSecondFactor(user.Id);
        Assert.Same(SecondFactorErrors.WrongCode, (await _app.Sender.Send(StepUpCommand.Parse(caller, "000000", null).Value)).Error);
        _app.Clock.Advance(TimeSpan.FromSeconds(30));
        _app.Users.UpdatesToLose = 1;

        var lost = await _app.Sender.Send(StepUpCommand.Parse(caller, Code(), null).Value);

        Assert.Same(DomainErrors.Conflict, lost.Error);
        Assert.Equal(1, (await _app.FailedLogins.GetAsync(run, CancellationToken.None)).Count);
        Assert.Equal(1, (await _app.FailedLogins.GetAsync(budget, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_right_recovery_code_retried_while_the_outbox_refuses_is_never_counted_as_a_failure()
    {
        var outbox = new SwitchedOutbox();
        using var app = new TestApp(configure: services => services.Replace(ServiceDescriptor.Singleton<IOutbox>(outbox)));
        var (_, caller) = await app.RegisterAsync(Owner);
        Assert.True((await app.Sender.Send(EnrolTotpCommand.Parse(caller, TestApp.Password).Value)).IsSuccess);
        var codes = (await app.Sender.Send(ConfirmTotpCommand.Parse(caller, FakeTotpAuthenticator.CodeAt(app.Clock.UtcNow)).Value)).Value.RecoveryCodes;
        var user = (await app.Users.FindByIdAsync(caller.UserId, CancellationToken.None))!;
        var budget = AttemptKey.ForEmail(user.Email);
        Assert.Same(SecondFactorErrors.WrongCode, (await app.Sender.Send(StepUpCommand.Parse(caller, "000000", null).Value)).Error);
        outbox.Refusing = true;

        // Twice the free failures: were each refused try counted, the back-off would answer too_many_attempts.
        for (var i = 0; i < 2 * LockoutPolicy.Default.FreeFailures; i++)
        {
            await Assert.ThrowsAsync<OutboxUnavailableException>(async () =>
                await app.Sender.Send(StepUpCommand.Parse(caller, null, codes[0]).Value));
            await Assert.ThrowsAsync<OutboxUnavailableException>(async () =>
                await app.Sender.Send(DisableTotpCommand.Parse(caller, TestApp.Password, null, codes[0]).Value));
        }

        Assert.Equal(1, (await app.FailedLogins.GetAsync(budget, CancellationToken.None)).Count);
        outbox.Refusing = false;
        var won = await app.Sender.Send(StepUpCommand.Parse(caller, null, codes[0]).Value);
        Assert.True(won.IsSuccess, won.Error?.Code);
        Assert.Equal(0, (await app.FailedLogins.GetAsync(budget, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_sign_in_token_retried_with_a_right_recovery_code_while_the_outbox_refuses_is_not_used_up()
    {
        var outbox = new SwitchedOutbox();
        using var app = new TestApp(configure: services => services.Replace(ServiceDescriptor.Singleton<IOutbox>(outbox)));
        var (_, caller) = await app.RegisterAsync(Owner);
        Assert.True((await app.Sender.Send(EnrolTotpCommand.Parse(caller, TestApp.Password).Value)).IsSuccess);
        var codes = (await app.Sender.Send(ConfirmTotpCommand.Parse(caller, FakeTotpAuthenticator.CodeAt(app.Clock.UtcNow)).Value)).Value.RecoveryCodes;
        var login = await app.LoginAsync(Owner, TestApp.Password);
        Assert.Equal(ErrorCodes.MfaRequired, login.Error?.Code);
        var mfaToken = login.Error!.Member!.Value.Value;
        outbox.Refusing = true;

        // More tries than the token's wrong codes: a right code that was not stored is none of them.
        for (var i = 0; i <= CompleteMfaLoginCommand.WrongCodesPerToken; i++)
        {
            await Assert.ThrowsAsync<OutboxUnavailableException>(async () =>
                await app.Sender.Send(CompleteMfaLoginCommand.Parse(mfaToken, null, codes[0], TestApp.Client).Value));
        }

        outbox.Refusing = false;
        var done = await app.Sender.Send(CompleteMfaLoginCommand.Parse(mfaToken, null, codes[0], TestApp.Client).Value);
        Assert.True(done.IsSuccess, done.Error?.Code);
    }

    public void Dispose() => _app.Dispose();

    private string Code() => FakeTotpAuthenticator.CodeAt(_app.Clock.UtcNow);

    private async Task<User> UserAsync() =>
        (await _app.Users.FindByEmailAsync(Email.Create(Owner).Value, CancellationToken.None))!;

    private async Task<(CurrentUser Caller, IReadOnlyList<string> RecoveryCodes)> EnrolledAsync()
    {
        var (_, caller) = await _app.RegisterAsync(Owner);
        var enrol = await _app.Sender.Send(EnrolTotpCommand.Parse(caller, TestApp.Password).Value);
        Assert.True(enrol.IsSuccess, enrol.Error?.Code);
        var confirm = await _app.Sender.Send(ConfirmTotpCommand.Parse(caller, Code()).Value);
        Assert.True(confirm.IsSuccess, confirm.Error?.Code);
        return (caller, confirm.Value.RecoveryCodes);
    }

    /// <summary>A second session of the owner, won with the next step's code.</summary>
    private async Task<CurrentUser> SignInAsync(CurrentUser first)
    {
        var done = await _app.Sender.Send(CompleteMfaLoginCommand.Parse(await ChallengeAsync(),
            FakeTotpAuthenticator.CodeAt(_app.Clock.UtcNow, 1), null, TestApp.Client).Value);
        Assert.True(done.IsSuccess, done.Error?.Code);
        var user = await UserAsync();
        var session = _app.Sessions.All().Single(s => s.UserId == user.Id && s.Id != first.SessionId);
        return new CurrentUser(user.Id, session.Id);
    }

    private async Task<string> ChallengeAsync()
    {
        var login = await _app.LoginAsync(Owner, TestApp.Password);
        Assert.Equal(ErrorCodes.MfaRequired, login.Error?.Code);
        return login.Error!.Member!.Value.Value;
    }

    private sealed class SwitchedOutbox : IOutbox
    {
        public bool Refusing { get; set; }

        public Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) =>
            Refusing ? throw new OutboxUnavailableException("refused for the test") : Task.CompletedTask;
    }

    private sealed class RefusingOutbox : IOutbox
    {
        public Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) =>
            throw new OutboxUnavailableException("refused for the test");
    }
}
