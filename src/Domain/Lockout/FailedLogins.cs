namespace Latch.Domain.Lockout;

/// <summary>The consecutive failed sign-ins recorded for one normalised email, whether or not it has an account.</summary>
public sealed class FailedLogins
{
    public FailedLogins(int count, DateTimeOffset? lastFailureAt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        LastFailureAt = lastFailureAt;
    }

    public int Count { get; }

    public DateTimeOffset? LastFailureAt { get; }

    public static FailedLogins None { get; } = new(0, null);
}
