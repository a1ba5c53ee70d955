using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Application.Common.Outbox;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Auth.StepUp;

/// <summary>
/// Proves the account's second factor on the caller's session, under the same rules as the sign-in's second step
/// (<see cref="SecondFactors"/>: each step's code once, the account's failed-login back-off, a recovery code once and
/// audited), records the proof on the session, and answers a new access token that says so. The user's versioned update
/// spends the code before the proof is recorded, so of two requests carrying one code only one is a proof.
/// </summary>
internal sealed class StepUpHandler(
    IUserRepository users,
    ISessionRepository sessions,
    SecondFactors secondFactors,
    IAccessTokenIssuer accessTokens,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<StepUpCommand, Result<AccessTokenResponse>>
{
    public async ValueTask<Result<AccessTokenResponse>> Handle(StepUpCommand command, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var user = await users.FindByIdAsync(command.Caller.UserId, cancellationToken);
        var session = await sessions.FindByIdAsync(command.Caller.SessionId, cancellationToken);
        if (user is null || session is null || !session.IsActiveFor(user, now))
        {
            return DomainErrors.InvalidToken;
        }

        if (!user.HasSecondFactor)
        {
            return SecondFactorErrors.NotActive;
        }

        var verified = await secondFactors.VerifyAsync(user, command.Code, command.RecoveryCode, "step-up",
            SecondFactorErrors.WrongCode, cancellationToken);
        if (!verified.IsSuccess)
        {
            return verified.Error;
        }

        if (!await secondFactors.SpendAsync(verified.Value, RecoveryCodeUse.StepUp, token => users.TryUpdateAsync(user, token),
                cancellationToken))
        {
            // Another request changed the account first (perhaps spending this very code): nothing is proved.
            return DomainErrors.Conflict;
        }
        session.RecordSecondFactor(now);
        if (!await sessions.TryRecordSecondFactorAsync(session, cancellationToken))
        {
            return DomainErrors.InvalidToken;
        }

        audit.Record(AuditEvent.StepUpSucceeded, user.Id, session.Id, detail: command.Code is null ? "recovery-code" : "totp");
        var access = accessTokens.Issue(user.Id, session, now);
        return new AccessTokenResponse("Bearer", access.Token, (long)access.Lifetime.TotalSeconds);
    }
}
