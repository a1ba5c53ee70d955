using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.UnitTests.Domain;

public sealed class SessionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);
    private static readonly SessionPolicy Policy = SessionPolicy.Default;

    [Fact]
    public void A_new_session_expires_at_its_idle_timeout()
    {
        var session = NewSession();
        Assert.Equal(Start + Policy.IdleTimeout, session.ExpiresAt);
        Assert.True(session.IsActive(Start));
        Assert.False(session.IsActive(Start + Policy.IdleTimeout));
    }

    [Fact]
    public void Rotation_extends_the_idle_expiry_but_never_past_the_absolute_one()
    {
        var session = NewSession();
        session.Rotate([1], [2], Start + TimeSpan.FromDays(10), Policy);
        Assert.Equal(Start + TimeSpan.FromDays(24), session.ExpiresAt);
        session.Rotate([3], [4], Start + TimeSpan.FromDays(20), Policy);
        Assert.Equal(Start + Policy.AbsoluteLifetime, session.ExpiresAt);
        Assert.Equal(2, session.Generation);
    }

    [Theory]
    [InlineData(0, true, 0, RefreshCheck.Rotate)]
    [InlineData(0, false, 0, RefreshCheck.Invalid)]
    [InlineData(1, true, 0, RefreshCheck.Invalid)]
    [InlineData(-1, true, 0, RefreshCheck.Invalid)]
    public void A_fresh_session_accepts_only_its_current_generation(long generation, bool matches, int afterSeconds, RefreshCheck expected) =>
        Assert.Equal(expected, NewSession().Check(generation, matches, Start.AddSeconds(afterSeconds), Policy));

    [Theory]
    [InlineData(1, 0, RefreshCheck.ReplayWithinGrace)]
    [InlineData(1, 10, RefreshCheck.ReplayWithinGrace)]
    [InlineData(1, 11, RefreshCheck.Reuse)]
    [InlineData(0, 1, RefreshCheck.Reuse)]
    public void Rotated_generations_replay_inside_the_grace_period_and_are_reuse_after_it(long generation, int secondsAfterRotation,
        RefreshCheck expected)
    {
        var session = NewSession();
        session.Rotate([1], [2], Start, Policy);
        session.Rotate([3], [4], Start, Policy);
        Assert.Equal(expected, session.Check(generation, false, Start.AddSeconds(secondsAfterRotation), Policy));
    }

    [Fact]
    public void A_revoked_session_accepts_nothing_and_keeps_its_first_reason()
    {
        var session = NewSession();
        session.Revoke(Start, RevocationReason.Logout);
        session.Revoke(Start.AddSeconds(1), RevocationReason.PasswordChanged);
        Assert.Equal(RevocationReason.Logout, session.RevocationReason);
        Assert.Equal(RefreshCheck.Invalid, session.Check(0, true, Start, Policy));
        Assert.Throws<InvalidOperationException>(() => session.Rotate([1], [2], Start, Policy));
    }

    [Fact]
    public void A_long_user_agent_is_cut_to_fit()
    {
        var session = Session.Start(SessionId.New(), UserId.New(), 1, [0], Start, Policy, new string('u', 1000), "203.0.113.7");
        Assert.Equal(Session.MaxUserAgentLength, session.UserAgent!.Length);
    }

    private static Session NewSession() => Session.Start(SessionId.New(), UserId.New(), 1, [0], Start, Policy, "agent", "203.0.113.7");
}
