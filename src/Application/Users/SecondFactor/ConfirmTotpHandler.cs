using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Users.SecondFactor;

/// <summary>
/// Activates the pending factor once a current code from it is given, and answers the recovery codes: the user has
/// shown their app holds the secret, so from now on sign-in asks for it. The step of that code counts as used, and the
/// code counts as a second factor proved on the caller's session (a change asked next needs no separate step-up). The code
/// is judged under the account's failed-login back-off, as at sign-in.
/// </summary>
internal sealed class ConfirmTotpHandler(
    IUserRepository users,
    ISessionRepository sessions,
    SecondFactors secondFactors,
    IRecoveryCodes recoveryCodes,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<ConfirmTotpCommand, Result<RecoveryCodesResponse>>
{
    public async ValueTask<Result<RecoveryCodesResponse>> Handle(ConfirmTotpCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(command.Caller.UserId, cancellationToken);
        if (user is null)
        {
            return DomainErrors.InvalidToken;
        }

        if (user.HasSecondFactor)
        {
            return SecondFactorErrors.AlreadyEnabled;
        }

        if (user.Totp is not { } pending)
        {
            return SecondFactorErrors.NotEnrolled;
        }

        var step = await secondFactors.MatchPendingAsync(user, pending, command.Code, command.Caller.SessionId, cancellationToken);
        if (!step.IsSuccess)
        {
            return step.Error;
        }

        var now = clock.UtcNow;
        var (codes, hashes) = recoveryCodes.Generate();
        user.ConfirmTotp(step.Value, hashes, now);
        if (!await users.TryUpdateAsync(user, cancellationToken))
        {
            return DomainErrors.Conflict;
        }

        audit.Record(AuditEvent.TotpEnabled, user.Id, command.Caller.SessionId);
        if (await sessions.FindByIdAsync(command.Caller.SessionId, cancellationToken) is { } session && session.IsActive(now))
        {
            // Best effort: a session ended meanwhile simply records nothing.
            session.RecordSecondFactor(now);
            await sessions.TryRecordSecondFactorAsync(session, cancellationToken);
        }

        return new RecoveryCodesResponse(codes);
    }
}
