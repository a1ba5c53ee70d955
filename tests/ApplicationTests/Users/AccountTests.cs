using Latch.Application.Common.Interfaces;
using Latch.Application.Users.DeleteAccount;
using Latch.Application.Users.GetMe;
using Latch.Application.Users.UpdateMe;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;

namespace Latch.ApplicationTests.Users;

public sealed class AccountTests : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task Deleting_with_the_right_password_removes_the_account_and_its_sessions()
    {
        var (_, caller) = await _app.RegisterAsync();

        Assert.True((await _app.Sender.Send(DeleteAccountCommand.Parse(caller, TestApp.Password).Value)).IsSuccess);

        Assert.Null(await _app.Users.FindByIdAsync(caller.UserId, default));
        Assert.Empty(_app.Sessions.All());
        Assert.Equal(AuditEvent.AccountDeleted, _app.Audit.Events.Last());
        Assert.Same(DomainErrors.InvalidToken, (await _app.Sender.Send(new GetMeQuery(caller))).Error);
    }

    [Fact]
    public async Task Deleting_with_a_wrong_password_is_wrong_password_audited_as_a_failed_reauthentication()
    {
        var (_, caller) = await _app.RegisterAsync();

        var refused = await _app.Sender.Send(DeleteAccountCommand.Parse(caller, "not my passphrase at all").Value);

        Assert.Same(DomainErrors.WrongPassword, refused.Error);
        Assert.Equal(AuditEvent.ReauthenticationFailed, _app.Audit.Events.Last());
        Assert.NotNull(await _app.Users.FindByIdAsync(caller.UserId, default));
    }

    [Fact]
    public async Task Renaming_stores_the_name_and_an_invalid_name_is_refused_at_parse()
    {
        var (_, caller) = await _app.RegisterAsync();

        var renamed = await _app.Sender.Send(UpdateMeCommand.Parse(caller, "  Ada  ").Value);
        Assert.Equal("Ada", renamed.Value.DisplayName);
        Assert.Equal("Ada", (await _app.Sender.Send(new GetMeQuery(caller))).Value.DisplayName);

        Assert.Equal("Display name is required.", UpdateMeCommand.Parse(caller, null).Error?.Fields?["displayName"].Single());
        Assert.Equal(ErrorCodes.ValidationFailed, UpdateMeCommand.Parse(caller, "bell\u0007").Error?.Code);
        Assert.Equal(ErrorCodes.ValidationFailed, UpdateMeCommand.Parse(caller, new string('n', 65)).Error?.Code);
    }

    [Fact]
    public async Task Renaming_retries_a_lost_race_and_after_three_lost_races_is_a_retryable_conflict()
    {
        var (_, caller) = await _app.RegisterAsync();

        _app.Users.UpdatesToLose = 2;
        Assert.Equal("Ada", (await _app.Sender.Send(UpdateMeCommand.Parse(caller, "Ada").Value)).Value.DisplayName);

        _app.Users.UpdatesToLose = 3;
        var lost = await _app.Sender.Send(UpdateMeCommand.Parse(caller, "Grace").Value);
        Assert.Same(DomainErrors.Conflict, lost.Error);
        Assert.Equal("Ada", (await _app.Sender.Send(new GetMeQuery(caller))).Value.DisplayName);
    }

    [Fact]
    public async Task Renaming_a_deleted_account_is_invalid_token()
    {
        var (_, caller) = await _app.RegisterAsync();
        await _app.Users.DeleteAsync(caller.UserId, default);

        Assert.Same(DomainErrors.InvalidToken, (await _app.Sender.Send(UpdateMeCommand.Parse(caller, "Ada").Value)).Error);
        Assert.Same(DomainErrors.InvalidToken, (await _app.Sender.Send(DeleteAccountCommand.Parse(caller, TestApp.Password).Value)).Error);
    }

    public void Dispose() => _app.Dispose();
}
