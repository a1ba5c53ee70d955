using Latch.Application.Auth.Register;
using Latch.Application.Auth.VerifyEmail;
using Latch.Application.Common.Outbox;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;

namespace Latch.ApplicationTests.Auth;

public sealed class RegistrationVerificationTests : IDisposable
{
    private readonly TestApp _app = new();

    private async Task<Result> StartAsync(string email) =>
        await _app.Sender.Send(StartRegistrationCommand.From(_app.Registration.Parse(email, TestApp.Password, null, TestApp.Client).Value));

    [Fact]
    public async Task A_new_and_a_registered_address_do_the_same_work_hash_included()
    {
        await _app.RegisterAsync();
        var (reads, hashes) = (_app.Users.Reads, _app.Hasher.Hashes);

        Assert.True((await StartAsync("owner@example.com")).IsSuccess);
        var registered = (_app.Users.Reads - reads, _app.Hasher.Hashes - hashes);
        (reads, hashes) = (_app.Users.Reads, _app.Hasher.Hashes);
        Assert.True((await StartAsync("fresh@example.com")).IsSuccess);
        var fresh = (_app.Users.Reads - reads, _app.Hasher.Hashes - hashes);

        Assert.Equal(registered, fresh);
        Assert.Equal((1, 1), fresh);
        Assert.Equal(2, _app.Outbox.Messages.OfType<RegistrationRequested>().Count());
    }

    [Fact]
    public async Task No_account_exists_until_the_token_is_presented_and_then_it_signs_in()
    {
        Assert.True((await StartAsync("fresh@example.com")).IsSuccess);
        Assert.Same(DomainErrors.InvalidCredentials, (await _app.LoginAsync("fresh@example.com", TestApp.Password)).Error);

        var token = ((RegistrationRequested)_app.Outbox.Messages[^1]).Token;
        var verified = await _app.Sender.Send(VerifyEmailCommand.Parse(token, TestApp.Password, TestApp.Client).Value);

        Assert.True(verified.IsSuccess, verified.Error?.Code);
        Assert.True((await _app.LoginAsync("fresh@example.com", TestApp.Password)).IsSuccess);
        Assert.Same(DomainErrors.InvalidEmailToken, (await _app.Sender.Send(VerifyEmailCommand.Parse(token, TestApp.Password, TestApp.Client).Value)).Error);
    }

    [Fact]
    public async Task A_verification_link_expires_after_a_day()
    {
        Assert.True((await StartAsync("fresh@example.com")).IsSuccess);
        _app.Clock.Advance(TimeSpan.FromHours(24));

        var token = ((RegistrationRequested)_app.Outbox.Messages[^1]).Token;
        Assert.Same(DomainErrors.InvalidEmailToken, (await _app.Sender.Send(VerifyEmailCommand.Parse(token, TestApp.Password, TestApp.Client).Value)).Error);
    }

    [Fact]
    public async Task A_wrong_password_creates_nothing_and_puts_the_token_back()
    {
        Assert.True((await StartAsync("fresh@example.com")).IsSuccess);
        var token = ((RegistrationRequested)_app.Outbox.Messages[^1]).Token;

        var wrong = await _app.Sender.Send(VerifyEmailCommand.Parse(token, "not the password chosen", TestApp.Client).Value);

        Assert.Same(DomainErrors.WrongRegistrationPassword, wrong.Error);
        Assert.Same(DomainErrors.InvalidCredentials, (await _app.LoginAsync("fresh@example.com", TestApp.Password)).Error);
        var right = await _app.Sender.Send(VerifyEmailCommand.Parse(token, TestApp.Password, TestApp.Client).Value);
        Assert.True(right.IsSuccess, right.Error?.Code);
    }

    [Fact]
    public async Task A_missing_password_is_a_validation_error()
    {
        var parsed = VerifyEmailCommand.Parse("token", null, TestApp.Client);

        Assert.Equal(ErrorCodes.ValidationFailed, parsed.Error?.Code);
    }

    public void Dispose() => _app.Dispose();
}
