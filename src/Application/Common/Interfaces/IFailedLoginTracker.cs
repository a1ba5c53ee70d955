using Latch.Domain.Lockout;

namespace Latch.Application.Common.Interfaces;

/// <summary>
/// Failure budgets: per normalised email (for emails with and without an account alike) and per device token. A
/// password is checked only under a reservation taken here first, atomically, so no number of concurrent attempts
/// gets more checks than the back-off allows.
/// </summary>
public interface IFailedLoginTracker
{
    Task<FailedLogins> GetAsync(AttemptKey key, CancellationToken cancellationToken);

    /// <summary>
    /// In one atomic store operation: if <paramref name="policy"/> lets an attempt through at <paramref name="now"/>,
    /// counts it (as <see cref="LockoutPolicy.Reserve"/> says) and grants it; otherwise changes nothing and refuses,
    /// with the state that refused it.
    /// </summary>
    Task<AttemptReservation> ReserveAsync(AttemptKey key, DateTimeOffset now, LockoutPolicy policy, CancellationToken cancellationToken);

    /// <summary>
    /// In one atomic store operation: if fewer than <paramref name="limit"/> attempts are counted under
    /// <paramref name="key"/>, counts one more (at <paramref name="now"/>) and grants it; otherwise changes nothing and
    /// refuses. A hard cap, not a back-off: time never forgets the count (the store may drop the record once
    /// <paramref name="keepFor"/> has passed since the last attempt, when the key no longer matters).
    /// </summary>
    Task<AttemptReservation> ReserveUpToAsync(AttemptKey key, int limit, DateTimeOffset now, TimeSpan keepFor,
        CancellationToken cancellationToken);

    /// <summary>Gives back one granted reservation whose password was never checked (a full hashing queue, a cancelled request).</summary>
    Task ReleaseAsync(AttemptKey key, CancellationToken cancellationToken);

    /// <summary>Forgets the failures: after a successful check.</summary>
    Task ResetAsync(AttemptKey key, CancellationToken cancellationToken);
}
