using Latch.Application.Auth.LoginMfa;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Application.Common.Outbox;
using Latch.Application.Users.SecondFactor;
using Latch.ApplicationTests.Ports;
using Latch.ApplicationTests.Support;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latch.ApplicationTests.Auth;

/// <summary>
/// The cap on an account's consecutive wrong authenticator codes (ADR 0014, NIST SP 800-63B 5.2.2): each wrong code
/// 15 minutes after the last, so the back-off never stands in the way and only the cap can stop them.
/// </summary>
public sealed class SecondFactorLockTests
{
    private const string Owner = "owner@example.com";

    [Fact]
    public async Task The_hundredth_wrong_code_in_a_row_locks_the_codes_and_mails_the_owner_until_a_recovery_code_is_used()
    {
        using var app = new TestApp();
        var (caller, recoveryCodes) = await EnrolledAsync(app);

        for (var i = 0; i < SecondFactorErrors.AttemptLimit; i++)
        {
            var wrong = await GuessAsync(app, "000000");
            Assert.Same(SecondFactorErrors.WrongSignInCode, wrong.Error);
        }

        var notice = Assert.IsType<SecondFactorLocked>(Assert.Single(app.Outbox.Messages));
        Assert.Equal(caller.UserId.Value, notice.UserId);
        Assert.Contains(AuditEvent.SecondFactorLocked, app.Audit.Events);

        // Now even the right code is refused, unjudged, with a wrong code's status at sign-in.
        var locked = await GuessAsync(app, FakeTotpAuthenticator.CodeAt(app.Clock.UtcNow));
        Assert.Equal(ErrorCodes.MfaCodesLocked, locked.Error?.Code);
        Assert.Equal(ErrorKind.Unauthorized, locked.Error?.Kind);
        Assert.Single(app.Outbox.Messages.OfType<SecondFactorLocked>());

        // A recovery code is the way out, and starts the count again.
        var recovered = await app.Sender.Send(CompleteMfaLoginCommand.Parse(await ChallengeAsync(app), null, recoveryCodes[0],
            TestApp.Client).Value);
        Assert.True(recovered.IsSuccess, recovered.Error?.Code);
        Assert.Equal(0, (await app.FailedLogins.GetAsync(AttemptKey.ForSecondFactor(caller.UserId), CancellationToken.None)).Count);
        app.Clock.Advance(TimeSpan.FromMinutes(15));
        var right = await GuessAsync(app, FakeTotpAuthenticator.CodeAt(app.Clock.UtcNow));
        Assert.True(right.IsSuccess, right.Error?.Code);
    }

    [Fact]
    public async Task A_right_code_ends_the_run_of_wrong_ones()
    {
        using var app = new TestApp();
        var (caller, _) = await EnrolledAsync(app);
        for (var i = 0; i < SecondFactorErrors.AttemptLimit - 1; i++)
        {
            Assert.Same(SecondFactorErrors.WrongSignInCode, (await GuessAsync(app, "000000")).Error);
        }

        Assert.True((await GuessAsync(app, FakeTotpAuthenticator.CodeAt(app.Clock.UtcNow))).IsSuccess);
        Assert.Equal(0, (await app.FailedLogins.GetAsync(AttemptKey.ForSecondFactor(caller.UserId), CancellationToken.None)).Count);
        Assert.Same(SecondFactorErrors.WrongSignInCode, (await GuessAsync(app, "000000")).Error);
        Assert.Empty(app.Outbox.Messages);
    }

    [Fact]
    public async Task When_the_outbox_refuses_the_notice_the_hundredth_wrong_code_is_given_back_so_the_next_one_sends_it()
    {
        using var app = new TestApp(configure: services => services.Replace(ServiceDescriptor.Singleton<IOutbox, RefusingOutbox>()));
        var (caller, _) = await EnrolledAsync(app);
        for (var i = 0; i < SecondFactorErrors.AttemptLimit - 1; i++)
        {
            Assert.Same(SecondFactorErrors.WrongSignInCode, (await GuessAsync(app, "000000")).Error);
        }

        await Assert.ThrowsAsync<OutboxUnavailableException>(async () => await GuessAsync(app, "000000"));

        var run = await app.FailedLogins.GetAsync(AttemptKey.ForSecondFactor(caller.UserId), CancellationToken.None);
        Assert.Equal(SecondFactorErrors.AttemptLimit - 1, run.Count);
        Assert.DoesNotContain(AuditEvent.SecondFactorLocked, app.Audit.Events);
    }

    private static async Task<(CurrentUser Caller, IReadOnlyList<string> RecoveryCodes)> EnrolledAsync(TestApp app)
    {
        var (_, caller) = await app.RegisterAsync(Owner);
        Assert.True((await app.Sender.Send(EnrolTotpCommand.Parse(caller, TestApp.Password).Value)).IsSuccess);
        var confirm = await app.Sender.Send(ConfirmTotpCommand.Parse(caller, FakeTotpAuthenticator.CodeAt(app.Clock.UtcNow)).Value);
        Assert.True(confirm.IsSuccess, confirm.Error?.Code);
        return (caller, confirm.Value.RecoveryCodes);
    }

    /// <summary>One code on a fresh challenge, then 15 quiet minutes: the back-off forgets, the cap does not.</summary>
    private static async Task<Result<AuthResponse>> GuessAsync(TestApp app, string code)
    {
        try
        {
            return await app.Sender.Send(CompleteMfaLoginCommand.Parse(await ChallengeAsync(app), code, null, TestApp.Client).Value);
        }
        finally
        {
            app.Clock.Advance(TimeSpan.FromMinutes(15));
        }
    }

    private static async Task<string> ChallengeAsync(TestApp app)
    {
        var login = await app.LoginAsync(Owner, TestApp.Password);
        Assert.Equal(ErrorCodes.MfaRequired, login.Error?.Code);
        return login.Error!.Member!.Value.Value;
    }

    private sealed class RefusingOutbox : IOutbox
    {
        public Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) =>
            throw new OutboxUnavailableException("refused for the test");
    }
}
