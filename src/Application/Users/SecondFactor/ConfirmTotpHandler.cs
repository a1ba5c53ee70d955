using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Users.SecondFactor;

/// <summary>
/// Activates the pending factor once a current code from it is given, and answers the recovery codes: the user has
/// shown their app holds the secret, so from now on sign-in asks for it. The step of that code counts as used, and the
/// code counts as a second factor proved on the caller's session (a change asked next needs no separate step-up).
/// </summary>
internal sealed class ConfirmTotpHandler(
    IUserRepository users,
    ISessionRepository sessions,
    ITotpAuthenticator authenticator,
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

        var now = clock.UtcNow;
        var step = authenticator.Match(user.Id, pending.SealedSecret, command.Code, now, afterStep: pending.LastAcceptedStep);
        if (step is null)
        {
            audit.Record(AuditEvent.TotpCodeRejected, user.Id, command.Caller.SessionId, detail: "confirm");
            return SecondFactorErrors.WrongCode;
        }

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
