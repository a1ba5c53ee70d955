using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Users.SecondFactor;

/// <summary>
/// Ten fresh recovery codes, shown this once, in place of every old one (used or not): the way back for a user whose
/// codes ran low or may have been seen, without an operator.
/// </summary>
internal sealed class RegenerateRecoveryCodesHandler(
    FactorOwner owner,
    SecondFactors secondFactors,
    IRecoveryCodes recoveryCodes,
    IUserRepository users,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<RegenerateRecoveryCodesCommand, Result<RecoveryCodesResponse>>
{
    public async ValueTask<Result<RecoveryCodesResponse>> Handle(RegenerateRecoveryCodesCommand command,
        CancellationToken cancellationToken)
    {
        var proven = await owner.ProveAsync(command.Caller, command.Proof, "regenerate", cancellationToken);
        if (!proven.IsSuccess)
        {
            return proven.Error;
        }

        var user = proven.Value.User;
        var (codes, hashes) = recoveryCodes.Generate();
        user.ReplaceRecoveryCodes(hashes, clock.UtcNow);
        if (!await secondFactors.SpendAsync(proven.Value, RecoveryCodeUse.Regenerate, token => users.TryUpdateAsync(user, token),
                cancellationToken))
        {
            return DomainErrors.Conflict;
        }
        audit.Record(AuditEvent.RecoveryCodesRegenerated, user.Id, command.Caller.SessionId);
        return new RecoveryCodesResponse(codes);
    }
}
