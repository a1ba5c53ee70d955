using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Latch.Domain.Users;

namespace Latch.Application.Common.Mail;

/// <summary>
/// How many emails one address can be made to receive: a few at once, then a doubling wait up to an hour. Every
/// address has the same budget whether or not an account has it, and every request takes from it before anything else,
/// so the throttle neither reveals an account nor lets anyone bomb a mailbox. Kept by the failed-login tracker under
/// its own key (<see cref="AttemptKey.ForMail"/>), so both stores keep it, hashed, and atomically.
/// </summary>
internal sealed class MailThrottle(IFailedLoginTracker counters, IClock clock)
{
    /// <summary>Three emails free, then 1 s, 2 s, 4 s … between them, never more than an hour; an hour's quiet forgets.</summary>
    public static readonly LockoutPolicy Budget = new(3, TimeSpan.FromHours(1));

    public async Task<Result> TakeAsync(Email email, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var reservation = await counters.ReserveAsync(AttemptKey.ForMail(email), now, Budget, cancellationToken);
        return reservation.Granted
            ? Result.Success()
            : DomainErrors.MailThrottled(Budget.RetryAfter(reservation.State, now) ?? TimeSpan.FromSeconds(1));
    }
}
