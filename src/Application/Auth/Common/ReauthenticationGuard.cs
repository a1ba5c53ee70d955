using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Common;

/// <summary>
/// Checks a password under the failed-login back-off: sign-in, and the re-authentication that password
/// change and account deletion ask for, so a stolen access token cannot be used to guess the password.
/// </summary>
internal sealed class ReauthenticationGuard(
    IFailedLoginTracker failures,
    IPasswordHasher hasher,
    LockoutPolicy lockout,
    IAuditTrail audit,
    IClock clock)
{
    /// <summary>A <c>too_many_attempts</c> error when the email is inside its back-off window.</summary>
    public async Task<Error?> CheckBackoffAsync(Email email, User? user, CancellationToken cancellationToken)
    {
        var recorded = await failures.GetAsync(email, cancellationToken);
        if (lockout.RetryAfter(recorded, clock.UtcNow) is not { } wait)
        {
            return null;
        }

        audit.Record(AuditEvent.LoginThrottled, user?.Id);
        return DomainErrors.TooManyAttempts(wait);
    }

    /// <summary>
    /// Verifies the password against the user (or a dummy hash when there is none) and records the outcome;
    /// <see cref="DomainErrors.Overloaded"/>, with nothing checked or recorded, when the hashing queue is full.
    /// </summary>
    public async Task<Result<PasswordCheck>> VerifyAsync(Email email, User? user, string password, CancellationToken cancellationToken)
    {
        Result<PasswordCheck> check;
        if (user is null)
        {
            var dummy = await hasher.VerifyAgainstDummyAsync(password, cancellationToken);
            check = dummy.IsSuccess ? PasswordCheck.Mismatch : dummy.Error;
        }
        else
        {
            check = await hasher.VerifyAsync(password, user.PasswordHash, cancellationToken);
        }

        if (!check.IsSuccess)
        {
            return check;
        }

        if (check.Value == PasswordCheck.Mismatch)
        {
            var recorded = await failures.RecordFailureAsync(email, clock.UtcNow, lockout.ResetAfter, cancellationToken);
            audit.Record(AuditEvent.LoginFailed, user?.Id);
            if (recorded.Count == lockout.FreeFailures)
            {
                audit.Record(AuditEvent.BackoffStarted, user?.Id);
            }
        }
        else
        {
            await failures.ResetAsync(email, cancellationToken);
        }

        return check;
    }
}
