using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;
using Latch.Domain.Common;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Users.SecondFactor;

/// <summary>
/// Removes the factor and its recovery codes once the caller proved both, and ends every other session of the account:
/// a session won while the factor was on is no reason to trust a device once it is off, and whoever turned it off
/// from a stolen session should not keep the others.
/// </summary>
internal sealed class DisableTotpHandler(
    FactorOwner owner,
    SecondFactors secondFactors,
    IUserRepository users,
    ISessionRepository sessions,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<DisableTotpCommand, Result>
{
    public async ValueTask<Result> Handle(DisableTotpCommand command, CancellationToken cancellationToken)
    {
        var proven = await owner.ProveAsync(command.Caller, command.Proof, "disable", cancellationToken);
        if (!proven.IsSuccess)
        {
            return proven.Error;
        }

        var user = proven.Value.User;
        var now = clock.UtcNow;
        user.RemoveTotp(now);
        if (!await secondFactors.SpendAsync(proven.Value, RecoveryCodeUse.Disable, token => users.TryUpdateAsync(user, token),
                cancellationToken))
        {
            // Another change to the account landed first (a sign-in spending a code, say): nothing was removed.
            return DomainErrors.Conflict;
        }

        // Not the request's token: once the factor is gone, the other sessions must end even if the client left.
        await sessions.RevokeAllForUserAsync(user.Id, command.Caller.SessionId, now, RevocationReason.SecondFactorDisabled,
            CancellationToken.None);
        audit.Record(AuditEvent.TotpDisabled, user.Id, command.Caller.SessionId);
        return Result.Success();
    }
}
