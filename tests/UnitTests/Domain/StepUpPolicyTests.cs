using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.UnitTests.Domain;

public sealed class StepUpPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, true)]
    [InlineData(299, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void The_step_up_window_counts_from_the_last_proof(int secondsLater, bool satisfied)
    {
        var session = Session.Start(SessionId.New(), UserId.New(), 1, new byte[32], T0, SessionPolicy.Default, null, null);
        Assert.False(StepUpPolicy.Default.IsSatisfiedBy(session, T0));
        session.RecordSecondFactor(T0);
        Assert.Equal(satisfied, StepUpPolicy.Default.IsSatisfiedBy(session, T0.AddSeconds(secondsLater)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(59)]
    [InlineData(3601)]
    public void A_window_outside_one_minute_to_one_hour_is_refused(int seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepUpPolicy(TimeSpan.FromSeconds(seconds)));
}
