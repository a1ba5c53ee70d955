using Latch.Application.Auth.Login;
using Latch.Application.Common.Interfaces;
using Latch.ApplicationTests.Ports;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Latch.Domain.Users;

namespace Latch.ApplicationTests.Auth;

public sealed class LoginTests : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public async Task The_right_password_signs_in_and_audits_the_session()
    {
        var (_, caller) = await _app.RegisterAsync();

        var login = await _app.LoginAsync("OWNER@example.com", TestApp.Password);

        Assert.True(login.IsSuccess, login.Error?.Code);
        var started = _app.Audit.Records[^1];
        Assert.Equal(AuditEvent.LoginSucceeded, started.Event);
        Assert.Equal(caller.UserId, started.UserId);
        Assert.Equal(2, _app.Sessions.All().Count);
    }

    [Fact]
    public async Task A_wrong_password_an_unknown_email_and_a_malformed_email_get_one_answer_at_one_cost()
    {
        await _app.RegisterAsync();
        var answers = new List<Result<Application.Common.Models.AuthResponse>>();
        var costs = new List<int>();
        foreach (var email in new[] { "owner@example.com", "nobody@example.com", "not an address" })
        {
            var before = _app.Hasher.Verifications;
            answers.Add(await _app.LoginAsync(email, "a wrong passphrase here"));
            costs.Add(_app.Hasher.Verifications - before);
        }

        Assert.All(answers, a => Assert.Same(DomainErrors.InvalidCredentials, a.Error));
        Assert.Equal([1, 1, 1], costs);
        Assert.Equal([AuditEvent.LoginFailed, AuditEvent.LoginFailed, AuditEvent.LoginFailed], _app.Audit.Events.Skip(1));
    }

    [Fact]
    public async Task A_missing_email_or_an_oversized_field_is_a_validation_error_before_any_hashing()
    {
        var parsed = LoginCommand.Parse(" ", new string('p', 600), TestApp.Client, new string('d', 300));

        Assert.Equal(ErrorCodes.ValidationFailed, parsed.Error?.Code);
        Assert.Equal(["deviceToken", "email", "password"], parsed.Error!.Fields!.Keys.Order(StringComparer.Ordinal));
        Assert.Null(LoginCommand.Parse("not an address", "x", TestApp.Client, null).Value.Email);
    }

    [Fact]
    public async Task After_the_free_failures_the_back_off_refuses_without_checking_and_the_right_password_waits_too()
    {
        await _app.RegisterAsync();
        for (var i = 0; i < _app.Lockout.FreeFailures; i++)
        {
            Assert.Same(DomainErrors.InvalidCredentials, (await _app.LoginAsync("owner@example.com", "wrong passphrase " + i)).Error);
        }

        var checks = _app.Hasher.Verifications;
        var refused = await _app.LoginAsync("owner@example.com", TestApp.Password);

        Assert.Equal(ErrorCodes.TooManyAttempts, refused.Error?.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Error!.RetryAfter);
        Assert.Equal(checks, _app.Hasher.Verifications);
        Assert.Contains(AuditEvent.BackoffStarted, _app.Audit.Events);
        Assert.Equal(AuditEvent.LoginThrottled, _app.Audit.Events.Last());

        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await _app.LoginAsync("owner@example.com", TestApp.Password)).IsSuccess);
        Assert.Equal(0, (await _app.FailedLogins.GetAsync(AttemptKey.ForEmail(Email.Create("owner@example.com").Value), default)).Count);
    }

    [Fact]
    public async Task A_device_that_signed_in_before_keeps_its_own_budget_while_the_email_is_backed_off()
    {
        var (auth, _) = await _app.RegisterAsync();
        for (var i = 0; i < _app.Lockout.FreeFailures + 1; i++)
        {
            await _app.LoginAsync("owner@example.com", "wrong passphrase " + i);
        }

        Assert.Equal(ErrorCodes.TooManyAttempts, (await _app.LoginAsync("owner@example.com", TestApp.Password)).Error?.Code);
        Assert.True((await _app.LoginAsync("owner@example.com", TestApp.Password, auth.DeviceToken)).IsSuccess);
    }

    [Fact]
    public async Task A_full_hashing_queue_answers_unavailable_and_gives_the_reservation_back()
    {
        await _app.RegisterAsync();
        _app.Hasher.Busy = true;

        Assert.Same(DomainErrors.Overloaded, (await _app.LoginAsync("owner@example.com", TestApp.Password)).Error);
        Assert.Same(DomainErrors.Overloaded, (await _app.LoginAsync("not an address", TestApp.Password)).Error);
        Assert.Equal(0, (await _app.FailedLogins.GetAsync(AttemptKey.ForEmail(Email.Create("owner@example.com").Value), default)).Count);
    }

    [Fact]
    public async Task A_weak_stored_hash_is_upgraded_at_sign_in()
    {
        var (_, caller) = await _app.RegisterAsync();
        var user = (await _app.Users.FindByIdAsync(caller.UserId, default))!;
        user.ReplacePasswordHash(FakePasswordHasher.Weak(TestApp.Password), _app.Clock.UtcNow);
        Assert.True(await _app.Users.TryUpdateAsync(user, default));

        Assert.True((await _app.LoginAsync("owner@example.com", TestApp.Password)).IsSuccess);
        Assert.Equal(FakePasswordHasher.Hash(TestApp.Password), (await _app.Users.FindByIdAsync(caller.UserId, default))!.PasswordHash);
    }

    public void Dispose() => _app.Dispose();
}
