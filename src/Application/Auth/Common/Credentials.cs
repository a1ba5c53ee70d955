using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Common;

/// <summary>
/// The one place that decides "is this the user's password", always under the failed-login back-off: at sign-in, and
/// at the re-authentication that password change and account deletion ask for (so a stolen access token cannot be
/// used to guess the password). Each check first reserves its place in the store, atomically, and is settled after: a
/// mismatch stays counted, a match resets the budget, a check that never ran gives its reservation back. So however
/// many attempts arrive at once, no more passwords are checked than the back-off allows.
/// </summary>
internal sealed class Credentials(
    IUserRepository users,
    IFailedLoginTracker failures,
    IPasswordHasher hasher,
    DeviceTrust devices,
    LockoutPolicy lockout,
    IAuditTrail audit,
    IClock clock)
{
    private static readonly TimeSpan ShortestWait = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Sign-in: the account whose password this is, or <c>invalid_credentials</c> for an unknown email, a wrong
    /// password and an email no account can have (<paramref name="email"/> null) alike — same answer, same cost.
    /// <c>too_many_attempts</c> when the back-off refuses; <see cref="DomainErrors.Overloaded"/> when the hashing queue is full.
    /// </summary>
    public async Task<Result<User>> SignInAsync(Email? email, string password, string? deviceToken,
        CancellationToken cancellationToken)
    {
        if (email is null)
        {
            // No account can have it, so it has no budget either; the dummy verify keeps the cost of an unknown email.
            if (await hasher.VerifyAgainstDummyAsync(password, cancellationToken) is { IsSuccess: false } busy)
            {
                return busy.Error;
            }

            audit.Record(AuditEvent.LoginFailed);
            return DomainErrors.InvalidCredentials;
        }

        var user = await users.FindByEmailAsync(email, cancellationToken);

        // A device that signed in to this account before is checked under its own budget, not the email's.
        var budget = devices.BudgetFor(email, user, deviceToken, clock.UtcNow);
        var check = await CheckAsync(budget, user, user?.PasswordHash, password, AuditEvent.LoginFailed, cancellationToken);
        if (!check.IsSuccess)
        {
            return check.Error;
        }

        if (check.Value == PasswordCheck.Mismatch || user is null)
        {
            return DomainErrors.InvalidCredentials;
        }

        if (check.Value == PasswordCheck.MatchNeedsRehash &&
            await hasher.HashAsync(password, cancellationToken) is { IsSuccess: true } rehashed)
        {
            // Best effort: a concurrent update, or a full hashing queue, wins, and the upgrade happens on a later sign-in.
            user.ReplacePasswordHash(rehashed.Value, clock.UtcNow);
            await users.TryUpdateAsync(user, cancellationToken);
        }

        return user;
    }

    /// <summary>
    /// Re-authentication of a signed-in user, under their email's budget: success, or <c>wrong_password</c> (audited as
    /// <see cref="AuditEvent.ReauthenticationFailed"/>), <c>too_many_attempts</c>, <see cref="DomainErrors.Overloaded"/>.
    /// </summary>
    public async Task<Result> ReauthenticateAsync(User user, string password, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(AttemptKey.ForEmail(user.Email), user, user.PasswordHash, password,
            AuditEvent.ReauthenticationFailed, cancellationToken);
        if (!check.IsSuccess)
        {
            return check.Error;
        }

        return check.Value == PasswordCheck.Mismatch ? DomainErrors.WrongPassword : Result.Success();
    }

    /// <summary>
    /// Verification of a pending registration: whether <paramref name="password"/> is the one chosen at registration
    /// (<paramref name="passwordHash"/>, carried with the token), under the address's sign-in budget, so that the link
    /// alone is worth no free guesses. Success, or <c>wrong_password</c> (audited as <see cref="AuditEvent.LoginFailed"/>:
    /// no account exists yet), <c>too_many_attempts</c>, <see cref="DomainErrors.Overloaded"/>.
    /// </summary>
    public async Task<Result> VerifyPendingAsync(Email email, string passwordHash, string password,
        CancellationToken cancellationToken)
    {
        var check = await CheckAsync(AttemptKey.ForEmail(email), user: null, passwordHash, password, AuditEvent.LoginFailed,
            cancellationToken);
        if (!check.IsSuccess)
        {
            return check.Error;
        }

        return check.Value == PasswordCheck.Mismatch ? DomainErrors.WrongRegistrationPassword : Result.Success();
    }

    /// <summary>
    /// Verifies the password against <paramref name="passwordHash"/> (a dummy hash when there is none) under <paramref name="budget"/>:
    /// <c>too_many_attempts</c> with nothing checked when the back-off refuses it; <see cref="DomainErrors.Overloaded"/>,
    /// with the reservation given back, when the hashing queue is full.
    /// </summary>
    private async Task<Result<PasswordCheck>> CheckAsync(AttemptKey budget, User? user, string? passwordHash,
        string password, AuditEvent failedEvent, CancellationToken cancellationToken)
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
            var check = await VerifyAsync(passwordHash, password, cancellationToken);
            if (!check.IsSuccess)
            {
                return check;
            }

            checkedPassword = true;
            if (check.Value == PasswordCheck.Mismatch)
            {
                // Counted already, by the reservation.
                audit.Record(failedEvent, user?.Id, detail: Detail(budget));
                if (reservation.State.Count == lockout.FreeFailures)
                {
                    audit.Record(AuditEvent.BackoffStarted, user?.Id, detail: Detail(budget));
                }
            }
            else if (user is { HasSecondFactor: true } && !budget.IsDevice)
            {
                // The email's budget also counts wrong second-factor codes: a right password only gives its own
                // reservation back, or knowing the password would buy fresh guesses at the code (SecondFactors resets it).
                await failures.ReleaseAsync(budget, CancellationToken.None);
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

    private async Task<Result<PasswordCheck>> VerifyAsync(string? passwordHash, string password,
        CancellationToken cancellationToken)
    {
        if (passwordHash is null)
        {
            var dummy = await hasher.VerifyAgainstDummyAsync(password, cancellationToken);
            return dummy.IsSuccess ? PasswordCheck.Mismatch : dummy.Error;
        }

        return await hasher.VerifyAsync(password, passwordHash, cancellationToken);
    }
}
