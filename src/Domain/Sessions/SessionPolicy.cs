namespace Latch.Domain.Sessions;

/// <summary>How long sessions live and how long a just-rotated refresh token may be replayed.</summary>
public sealed class SessionPolicy
{
    public SessionPolicy(TimeSpan idleTimeout, TimeSpan absoluteLifetime, TimeSpan reuseGracePeriod)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(idleTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(absoluteLifetime, idleTimeout);
        ArgumentOutOfRangeException.ThrowIfLessThan(reuseGracePeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reuseGracePeriod, TimeSpan.FromMinutes(1));
        IdleTimeout = idleTimeout;
        AbsoluteLifetime = absoluteLifetime;
        ReuseGracePeriod = reuseGracePeriod;
    }

    public TimeSpan IdleTimeout { get; }

    public TimeSpan AbsoluteLifetime { get; }

    public TimeSpan ReuseGracePeriod { get; }

    public static SessionPolicy Default { get; } =
        new(TimeSpan.FromDays(14), TimeSpan.FromDays(30), TimeSpan.FromSeconds(10));
}
