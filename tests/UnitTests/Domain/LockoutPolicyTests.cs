using Latch.Domain.Lockout;

namespace Latch.UnitTests.Domain;

public sealed class LockoutPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(4, 0)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(10, 32)]
    [InlineData(14, 512)]
    [InlineData(15, 900)]
    [InlineData(60, 900)]
    public void The_backoff_doubles_from_one_second_after_the_fifth_failure_and_caps_at_15_minutes(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), LockoutPolicy.Default.BackoffAfter(failures));

    [Fact]
    public void Retry_after_is_what_remains_of_the_window()
    {
        var failures = new FailedLogins(7, Now);
        Assert.Equal(TimeSpan.FromSeconds(3), LockoutPolicy.Default.RetryAfter(failures, Now.AddSeconds(1)));
        Assert.Null(LockoutPolicy.Default.RetryAfter(failures, Now.AddSeconds(4)));
    }

    [Fact]
    public void Fifteen_quiet_minutes_forget_the_failures()
    {
        var failures = new FailedLogins(9, Now);
        Assert.Equal(9, LockoutPolicy.Default.EffectiveCount(failures, Now.AddMinutes(14)));
        Assert.Equal(0, LockoutPolicy.Default.EffectiveCount(failures, Now.AddMinutes(15)));
    }

    [Fact]
    public void A_reservation_counts_the_attempt_in_advance_and_is_refused_inside_the_window()
    {
        var policy = LockoutPolicy.Default;
        var state = FailedLogins.None;
        for (var n = 1; n <= 5; n++)
        {
            state = policy.Reserve(state, Now) ?? throw new InvalidOperationException($"reservation {n} refused");
            Assert.Equal(n, state.Count);
        }

        Assert.Null(policy.Reserve(state, Now.AddMilliseconds(999)));
        Assert.Equal(new FailedLogins(6, Now.AddSeconds(1)).Count, policy.Reserve(state, Now.AddSeconds(1))!.Count);
        Assert.Equal(1, policy.Reserve(state, Now.AddMinutes(15))!.Count);
    }
}
