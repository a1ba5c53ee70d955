using Latch.Application.Auth.PasswordReset;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;
using Latch.Application.Users.ChangePassword;
using Latch.ApplicationTests.Ports;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;
using Latch.Domain.Sessions;

namespace Latch.ApplicationTests.Auth;

public sealed class PasswordResetTests : IDisposable
{
    private const string Next = "another perfectly fine passphrase";
    private readonly TestApp _app = new();

    private async Task<string> RequestAsync(string email)
    {
        var result = await _app.Sender.Send(RequestPasswordResetCommand.Parse(email).Value);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return ((PasswordResetRequested)_app.Outbox.Messages[^1]).Token;
    }

    private async Task<Result> ConfirmAsync(string token, string password = Next) =>
        await _app.Sender.Send(ConfirmPasswordResetCommand.Parse(token, password).Value);

    [Fact]
    public async Task A_reset_sets_the_password_ends_every_session_and_is_audited()
    {
        var (_, caller) = await _app.RegisterAsync();
        var token = await RequestAsync("Owner@Example.com");

        Assert.True((await ConfirmAsync(token)).IsSuccess);

        var user = (await _app.Users.FindByIdAsync(caller.UserId, default))!;
        Assert.Equal(FakePasswordHasher.Hash(Next), user.PasswordHash);
        Assert.Equal(2, user.CredentialVersion);
        Assert.All(_app.Sessions.All(), s => Assert.Equal(RevocationReason.PasswordChanged, s.RevocationReason));
        Assert.Equal(AuditEvent.PasswordReset, _app.Audit.Events.Last());
        Assert.True((await _app.LoginAsync("owner@example.com", Next)).IsSuccess);
    }

    [Fact]
    public async Task Registered_and_unknown_addresses_do_the_same_work_and_each_hand_one_message_to_the_outbox()
    {
        await _app.RegisterAsync();
        var before = _app.Users.Reads;

        await RequestAsync("owner@example.com");
        var registeredReads = _app.Users.Reads - before;
        await RequestAsync("nobody@example.com");
        var unknownReads = _app.Users.Reads - before - registeredReads;

        Assert.Equal(registeredReads, unknownReads);
        Assert.Equal(2, _app.EmailTokens.Count);
        Assert.Equal(["owner@example.com", "nobody@example.com"],
            _app.Outbox.Messages.OfType<PasswordResetRequested>().Select(m => m.Email));
    }

    [Fact]
    public async Task A_token_works_once()
    {
        await _app.RegisterAsync();
        var token = await RequestAsync("owner@example.com");

        Assert.True((await ConfirmAsync(token)).IsSuccess);
        Assert.Same(DomainErrors.InvalidEmailToken, (await ConfirmAsync(token, "yet another fine passphrase")).Error);
    }

    [Fact]
    public async Task A_token_for_an_unknown_address_sets_nothing()
    {
        var token = await RequestAsync("nobody@example.com");

        Assert.Same(DomainErrors.InvalidEmailToken, (await ConfirmAsync(token)).Error);
    }

    [Fact]
    public async Task A_token_expires_after_thirty_minutes()
    {
        await _app.RegisterAsync();
        var token = await RequestAsync("owner@example.com");
        _app.Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.Same(DomainErrors.InvalidEmailToken, (await ConfirmAsync(token)).Error);
    }

    [Fact]
    public async Task A_token_is_void_once_the_password_changed_since()
    {
        var (_, caller) = await _app.RegisterAsync();
        var token = await RequestAsync("owner@example.com");
        Assert.True((await _app.Sender.Send(ChangePasswordCommand.Parse(caller, TestApp.Password, Next).Value)).IsSuccess);

        Assert.Same(DomainErrors.InvalidEmailToken, (await ConfirmAsync(token, "yet another fine passphrase")).Error);
        Assert.Equal(FakePasswordHasher.Hash(Next), (await _app.Users.FindByIdAsync(caller.UserId, default))!.PasswordHash);
    }

    [Fact]
    public async Task A_refused_password_leaves_the_token_usable()
    {
        await _app.RegisterAsync();
        var token = await RequestAsync("owner@example.com");

        var refused = await ConfirmAsync(token, "owner@example.com is my password");

        Assert.Equal(ErrorCodes.ValidationFailed, refused.Error?.Code);
        Assert.True((await ConfirmAsync(token)).IsSuccess);
    }

    [Fact]
    public async Task A_malformed_token_is_invalid_and_a_missing_one_is_a_validation_error()
    {
        Assert.Same(DomainErrors.InvalidEmailToken, (await ConfirmAsync("not-a-token")).Error);
        Assert.Equal(ErrorCodes.ValidationFailed, ConfirmPasswordResetCommand.Parse(null, Next).Error?.Code);
    }

    [Fact]
    public async Task Each_address_has_the_same_mail_budget_with_an_account_or_not()
    {
        await _app.RegisterAsync();
        foreach (var email in new[] { "owner@example.com", "nobody@example.com" })
        {
            for (var i = 0; i < 3; i++)
            {
                await RequestAsync(email);
            }

            var throttled = await _app.Sender.Send(RequestPasswordResetCommand.Parse(email).Value);
            Assert.Equal(ErrorCodes.RateLimited, throttled.Error?.Code);
            Assert.Equal(ErrorKind.TooManyRequests, throttled.Error!.Kind);
        }

        Assert.Equal(6, _app.Outbox.Messages.Count);
    }

    public void Dispose() => _app.Dispose();
}
