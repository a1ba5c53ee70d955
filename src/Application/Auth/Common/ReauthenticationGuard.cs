using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Common;

/// <summary>
/// Checks a password under the failed-login back-off: sign-in, and the re-authentication that password
/// change and account deletion ask for, so a stolen access token cannot be used to guess the password.
/// Each check first reserves its place in the store, atomically, and is settled after: a mismatch stays counted,
/// a match resets the budget, a check that never ran gives its reservation back. So however many attempts arrive
/// at once, no more passwords are checked than the back-off allows.
/// </summary>
internal sealed class ReauthenticationGuard(
    IFailedLoginTracker failures,
    IPasswordHasher hasher,
    LockoutPolicy lockout,
    IAuditTrail audit,
    IClock clock)
{
    private static readonly TimeSpan ShortestWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Verifies the password against the user (or a dummy hash when there is none) under the budget of
    /// <paramref name="budget"/>: <c>too_many_attempts</c> with nothing checked when the back-off refuses it;
    /// <see cref="DomainErrors.Overloaded"/>, with the reservation given back, when the hashing queue is full.
    /// </summary>
    public async Task<Result<PasswordCheck>> CheckAsync(AttemptKey budget, User? user, string password,
        CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var reservation = await failures.ReserveAsync(budget, now, lockout, cancellationToken);
        if (!reservation.Granted)
        {
            audit.Record(AuditEvent.LoginThrottled, user?.Id, detail: Detail(budget));
            return DomainErrors.TooManyAttempts(lockout.RetryAfter(reservation.State, now) ?? ShortestWait);
        }

        var checkedPassword = false;
        try
        {
            var check = await VerifyAsync(user, password, cancellationToken);
            if (!check.IsSuccess)
            {
                return check;
            }

            checkedPassword = true;
            if (check.Value == PasswordCheck.Mismatch)
            {
                // Counted already, by the reservation.
                audit.Record(AuditEvent.LoginFailed, user?.Id, detail: Detail(budget));
                if (reservation.State.Count == lockout.FreeFailures)
                {
                    audit.Record(AuditEvent.BackoffStarted, user?.Id, detail: Detail(budget));
                }
            }
            else
            {
                // Not the request's token: once the password was right, the reset must happen even if the client left.
                await failures.ResetAsync(budget, CancellationToken.None);
            }

            return check;
        }
        finally
        {
            if (!checkedPassword)
            {
                await failures.ReleaseAsync(budget, CancellationToken.None);
            }
        }
    }

    /// <summary>Which budget an event concerns: a device token's ("device"), or the email's (no detail, as before).</summary>
    private static string? Detail(AttemptKey budget) => budget.IsDevice ? "device" : null;

    private async Task<Result<PasswordCheck>> VerifyAsync(User? user, string password, CancellationToken cancellationToken)
    {
        if (user is null)
        {
            var dummy = await hasher.VerifyAgainstDummyAsync(password, cancellationToken);
            return dummy.IsSuccess ? PasswordCheck.Mismatch : dummy.Error;
        }

        return await hasher.VerifyAsync(password, user.PasswordHash, cancellationToken);
    }
}
