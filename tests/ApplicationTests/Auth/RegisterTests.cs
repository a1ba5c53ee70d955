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

        var again = await _app.Sender.Send(_app.Registration.Parse("TAKEN@example.com", TestApp.Password, null, TestApp.Client).Value);

        Assert.Equal(DomainErrors.EmailTaken, again.Error);
        Assert.Equal(hashes, _app.Hasher.Hashes);
    }

    [Fact]
    public void Every_faulty_field_is_reported_at_once_the_password_policy_included()
    {
        var missing = _app.Registration.Parse("no-at-sign", " ", "\u0007", TestApp.Client);
        Assert.Equal(ErrorCodes.ValidationFailed, missing.Error?.Code);
        Assert.Equal(["displayName", "email", "password"], missing.Error!.Fields!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Password is required.", missing.Error.Fields["password"].Single());

        var weak = _app.Registration.Parse("no-at-sign", "short", null, TestApp.Client);
        Assert.Equal(["email", "password"], weak.Error!.Fields!.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("too_short", weak.Error.PasswordRules!["password"]);

        // The policy is given the email when it parsed: a password made of it is refused.
        var context = _app.Registration.Parse("zebrafinch@example.com", "zebrafinch@example.com", null, TestApp.Client);
        Assert.Contains("context", context.Error!.PasswordRules!["password"]);
    }

    [Fact]
    public async Task A_breached_password_or_a_full_hashing_queue_stores_nothing()
    {
        _app.PasswordLists.Breach = BreachCheck.Found;
        var breached = await _app.Sender.Send(_app.Registration.Parse("a@example.com", TestApp.Password, null, TestApp.Client).Value);
        Assert.Equal(["breached"], breached.Error!.PasswordRules!["password"]);

        _app.PasswordLists.Breach = BreachCheck.NotFound;
        _app.Hasher.Busy = true;
        var busy = await _app.Sender.Send(_app.Registration.Parse("a@example.com", TestApp.Password, null, TestApp.Client).Value);
        Assert.Equal(DomainErrors.Overloaded, busy.Error);
        Assert.Null(await _app.Users.FindByEmailAsync(Email.Create("a@example.com").Value, CancellationToken.None));
        Assert.Empty(_app.Sessions.All());
    }

    public void Dispose() => _app.Dispose();
}
