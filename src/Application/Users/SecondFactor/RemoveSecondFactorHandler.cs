using Latch.Application.Common.Interfaces;
using Latch.Application.Sessions.RevokeAllSessions;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Users.SecondFactor;

/// <summary>
/// The operator's removal of a factor, for the account whose owner lost both the authenticator and the recovery codes
/// (or whose factor an attacker set up): the factor and its recovery codes go, and every session of the account ends,
/// since the operator cannot tell which of them is the owner's. Audited with the operator's reason.
/// </summary>
internal sealed class RemoveSecondFactorHandler(IUserRepository users, ISessionRepository sessions,
    IFailedLoginTracker failures, IAuditTrail audit, IClock clock)
    : ICommandHandler<RemoveSecondFactorCommand, Result<RemoveSecondFactorResponse>>
{
    public static readonly Error NoFactor =
        new(ErrorCodes.MfaNotEnrolled, "This user has no second factor, active or pending.", ErrorKind.Conflict);

    // A sign-in spending a code can change the account between our read and our write; the removal is tried again on
    // the fresh state rather than given up.
    private const int Attempts = 3;

    public async ValueTask<Result<RemoveSecondFactorResponse>> Handle(RemoveSecondFactorCommand command,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var user = command switch
            {
                { UserId: { } id } => await users.FindByIdAsync(id, cancellationToken),
                { Email: { } email } => await users.FindByEmailAsync(email, cancellationToken),
                _ => null,
            };
            if (user is null)
            {
                return RevokeAllSessionsHandler.UserNotFound;
            }

            if (user.Totp is null)
            {
                return NoFactor;
            }

            var now = clock.UtcNow;
            user.RemoveTotp(now);
            if (!await users.TryUpdateAsync(user, cancellationToken))
            {
                if (attempt < Attempts)
                {
                    continue;
                }

                return DomainErrors.Conflict;
            }

            // A factor set up again starts without the removed one's run of wrong codes.
            await failures.ResetAsync(AttemptKey.ForSecondFactor(user.Id), CancellationToken.None);
            var ended = await sessions.RevokeAllForUserAsync(user.Id, except: null, now, RevocationReason.AdminRevoked,
                CancellationToken.None);
            audit.Record(AuditEvent.TotpRemovedByAdmin, user.Id, detail: command.Reason);
            return new RemoveSecondFactorResponse(user.Id.ToString(), ended);
        }
    }
}
