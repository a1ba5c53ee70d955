using Latch.Domain.Lockout;
using Latch.Domain.Users;

namespace Latch.Application.Common.Interfaces;

/// <summary>Consecutive failed sign-ins per normalised email — for emails with and without an account alike.</summary>
public interface IFailedLoginTracker
{
    Task<FailedLogins> GetAsync(Email email, CancellationToken cancellationToken);

    /// <summary>Counts one more failure atomically, starting again from one when the last failure is older than <paramref name="resetAfter"/>.</summary>
    Task<FailedLogins> RecordFailureAsync(Email email, DateTimeOffset now, TimeSpan resetAfter, CancellationToken cancellationToken);

    Task ResetAsync(Email email, CancellationToken cancellationToken);
}
