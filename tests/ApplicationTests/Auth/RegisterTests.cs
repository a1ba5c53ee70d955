using Latch.Application.Auth.Register;
using Latch.Application.Common.Interfaces;
using Latch.ApplicationTests.Ports;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;
using Latch.Domain.Users;

namespace Latch.ApplicationTests.Auth;

public sealed class RegisterTests : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task Registering_stores_the_account_starts_a_session_and_audits_it()
    {
        var (auth, caller) = await _app.RegisterAsync("  New@Example.COM ");

        var user = (await _app.Users.FindByIdAsync(caller.UserId, CancellationToken.None))!;
        Assert.Equal("new@example.com", user.Email.Value);
        Assert.Equal("new", user.DisplayName.Value);
        Assert.Equal(FakePasswordHasher.Hash(TestApp.Password), user.PasswordHash);
        Assert.Equal("Bearer", auth.TokenType);
        Assert.Equal([AuditEvent.Registered], _app.Audit.Events);
    }

    [Fact]
    public async Task A_taken_email_is_refused_without_hashing()
    {
        await _app.RegisterAsync("taken@example.com");
        var hashes = _app.Hasher.Hashes;

        var again = await _app.Sender.Send(RegisterCommand.Parse("TAKEN@example.com", TestApp.Password, null, TestApp.Client).Value);

        Assert.Equal(DomainErrors.EmailTaken, again.Error);
        Assert.Equal(hashes, _app.Hasher.Hashes);
    }

    [Fact]
    public async Task Every_unreadable_field_is_reported_at_once()
    {
        var parsed = RegisterCommand.Parse("no-at-sign", " ", "\u0007", TestApp.Client);

        Assert.Equal(ErrorCodes.ValidationFailed, parsed.Error?.Code);
        Assert.Equal(["displayName", "email", "password"], parsed.Error!.Fields!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Password is required.", parsed.Error.Fields["password"].Single());
    }

    [Fact]
    public async Task A_breached_password_or_a_full_hashing_queue_stores_nothing()
    {
        _app.PasswordLists.Breach = BreachCheck.Found;
        var breached = await _app.Sender.Send(RegisterCommand.Parse("a@example.com", TestApp.Password, null, TestApp.Client).Value);
        Assert.Equal(["breached"], breached.Error!.PasswordRules!["password"]);

        _app.PasswordLists.Breach = BreachCheck.NotFound;
        _app.Hasher.Busy = true;
        var busy = await _app.Sender.Send(RegisterCommand.Parse("a@example.com", TestApp.Password, null, TestApp.Client).Value);
        Assert.Equal(DomainErrors.Overloaded, busy.Error);
        Assert.Null(await _app.Users.FindByEmailAsync(Email.Create("a@example.com").Value, CancellationToken.None));
        Assert.Empty(_app.Sessions.All());
    }

    public void Dispose() => _app.Dispose();
}
