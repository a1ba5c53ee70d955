namespace Latch.Domain.Sessions;

/// <summary>
/// How recent a second-factor proof on the current session must be for a change that hands over the account (password,
/// email, deletion) while the account has a second factor.
/// </summary>
public sealed class StepUpPolicy
{
    public static readonly TimeSpan ShortestWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LongestWindow = TimeSpan.FromHours(1);

    public StepUpPolicy(TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, ShortestWindow);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(window, LongestWindow);
        Window = window;
    }

    public TimeSpan Window { get; }

    public static StepUpPolicy Default { get; } = new(TimeSpan.FromMinutes(5));

    /// <summary>The session proved a second factor no longer than <see cref="Window"/> ago.</summary>
    public bool IsSatisfiedBy(Session session, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(session);
        return session.SecondFactorAt is { } proved && now - proved <= Window;
    }
}
