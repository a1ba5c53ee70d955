namespace Latch.Domain.Lockout;

/// <summary>
/// Exponential back-off instead of a fixed lockout: after <see cref="FreeFailures"/> consecutive failures,
/// attempts within 2^(n − free) seconds of the n-th failure are refused unchecked, capped at
/// <see cref="MaxBackoff"/>. A quiet period as long as the cap forgets the failures, so nobody can keep
/// a known user locked out for long.
/// </summary>
public sealed class LockoutPolicy
{
    public LockoutPolicy(int freeFailures, TimeSpan maxBackoff)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(freeFailures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBackoff, TimeSpan.FromSeconds(1));
        FreeFailures = freeFailures;
        MaxBackoff = maxBackoff;
    }

    public int FreeFailures { get; }

    public TimeSpan MaxBackoff { get; }

    /// <summary>How long failures are remembered after the last one.</summary>
    public TimeSpan ResetAfter => MaxBackoff;

    public static LockoutPolicy Default { get; } = new(5, TimeSpan.FromMinutes(15));

    /// <summary>The failure count that applies now: zero once the quiet period has passed.</summary>
    public int EffectiveCount(FailedLogins failures, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(failures);
        return failures.LastFailureAt is { } last && now - last < ResetAfter ? failures.Count : 0;
    }

    /// <summary>The back-off window that follows the given number of consecutive failures.</summary>
    public TimeSpan BackoffAfter(int failures)
    {
        if (failures < FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var exponent = failures - FreeFailures;
        var seconds = exponent >= 30 ? double.MaxValue : Math.Pow(2, exponent);
        return seconds >= MaxBackoff.TotalSeconds ? MaxBackoff : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>How long to wait before the next attempt is checked, or null when it may be checked now.</summary>
    public TimeSpan? RetryAfter(FailedLogins failures, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var count = EffectiveCount(failures, now);
        if (count < FreeFailures || failures.LastFailureAt is not { } last)
        {
            return null;
        }

        var remaining = last + BackoffAfter(count) - now;
        return remaining > TimeSpan.Zero ? remaining : null;
    }

    /// <summary>
    /// The state after one more attempt is reserved at <paramref name="now"/>, or null when the back-off refuses it.
    /// A reservation counts as a failure from the start (a success resets the count, an attempt never checked gives
    /// it back), so concurrent attempts cannot all pass one check. Every store applies exactly this, atomically.
    /// </summary>
    public FailedLogins? Reserve(FailedLogins failures, DateTimeOffset now) =>
        RetryAfter(failures, now) is not null ? null : new FailedLogins(EffectiveCount(failures, now) + 1, now);
}
