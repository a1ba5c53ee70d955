using Latch.Application.Common.Interfaces;
using Latch.Application.Users.ChangePassword;
using Latch.ApplicationTests.Ports;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;
using Latch.Domain.Sessions;

namespace Latch.ApplicationTests.Users;

public sealed class ChangePasswordTests : IDisposable
{
    private const string Next = "another perfectly fine passphrase";
    private readonly TestApp _app = new();

    [Fact]
    public async Task A_change_sets_the_new_hash_keeps_this_session_and_ends_the_others()
    {
        var (_, caller) = await _app.RegisterAsync();
        await _app.LoginAsync("owner@example.com", TestApp.Password);

        var changed = await _app.Sender.Send(ChangePasswordCommand.Parse(caller, TestApp.Password, Next).Value);

        Assert.True(changed.IsSuccess, changed.Error?.Code);
        Assert.Equal(FakePasswordHasher.Hash(Next), (await _app.Users.FindByIdAsync(caller.UserId, default))!.PasswordHash);
        var sessions = _app.Sessions.All();
        Assert.Null(sessions.Single(s => s.Id == caller.SessionId).RevokedAt);
        Assert.Equal(RevocationReason.PasswordChanged, sessions.Single(s => s.Id != caller.SessionId).RevocationReason);
        Assert.Equal(AuditEvent.PasswordChanged, _app.Audit.Events.Last());
    }

    [Fact]
    public async Task A_wrong_current_password_is_wrong_password_audited_as_a_failed_reauthentication_not_a_failed_sign_in()
    {
        var (_, caller) = await _app.RegisterAsync();

        var refused = await _app.Sender.Send(ChangePasswordCommand.Parse(caller, "not my passphrase at all", Next).Value);

        Assert.Same(DomainErrors.WrongPassword, refused.Error);
        var audited = _app.Audit.Records[^1];
        Assert.Equal(AuditEvent.ReauthenticationFailed, audited.Event);
        Assert.Equal(caller.UserId, audited.UserId);
        Assert.DoesNotContain(AuditEvent.LoginFailed, _app.Audit.Events);
        Assert.Equal(FakePasswordHasher.Hash(TestApp.Password), (await _app.Users.FindByIdAsync(caller.UserId, default))!.PasswordHash);
    }

    [Fact]
    public async Task A_concurrent_change_to_the_account_is_a_retryable_conflict_and_the_retry_succeeds()
    {
        var (_, caller) = await _app.RegisterAsync();
        _app.Users.UpdatesToLose = 1;

        var lost = await _app.Sender.Send(ChangePasswordCommand.Parse(caller, TestApp.Password, Next).Value);

        Assert.Equal(ErrorCodes.Conflict, lost.Error?.Code);
        Assert.Equal(ErrorKind.Conflict, lost.Error!.Kind);
        Assert.Equal(FakePasswordHasher.Hash(TestApp.Password), (await _app.Users.FindByIdAsync(caller.UserId, default))!.PasswordHash);
        Assert.DoesNotContain(AuditEvent.PasswordChanged, _app.Audit.Events);

        Assert.True((await _app.Sender.Send(ChangePasswordCommand.Parse(caller, TestApp.Password, Next).Value)).IsSuccess);
    }

    [Fact]
    public async Task The_new_password_must_pass_the_policy_against_the_accounts_own_email_before_any_check()
    {
        var (_, caller) = await _app.RegisterAsync();
        var checks = _app.Hasher.Verifications;

        var refused = await _app.Sender.Send(ChangePasswordCommand.Parse(caller, TestApp.Password, "owner@example.com owner").Value);

        Assert.Equal(ErrorCodes.ValidationFailed, refused.Error?.Code);
        Assert.Contains("context", refused.Error!.PasswordRules!["newPassword"]);
        Assert.Equal(checks, _app.Hasher.Verifications);
    }

    [Fact]
    public async Task Wrong_current_passwords_count_against_the_back_off()
    {
        var (_, caller) = await _app.RegisterAsync();
        for (var i = 0; i < _app.Lockout.FreeFailures; i++)
        {
            await _app.Sender.Send(ChangePasswordCommand.Parse(caller, "wrong passphrase " + i, Next).Value);
        }

        var refused = await _app.Sender.Send(ChangePasswordCommand.Parse(caller, TestApp.Password, Next).Value);
        Assert.Equal(ErrorCodes.TooManyAttempts, refused.Error?.Code);
    }

    [Fact]
    public void Missing_passwords_are_validation_errors_naming_both_fields()
    {
        var parsed = ChangePasswordCommand.Parse(new(default, default), null, "");
        Assert.Equal(["currentPassword", "newPassword"], parsed.Error?.Fields?.Keys.Order(StringComparer.Ordinal));
    }

    public void Dispose() => _app.Dispose();
}
