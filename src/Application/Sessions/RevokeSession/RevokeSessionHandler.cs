using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Sessions;
using Mediator;

namespace Latch.Application.Sessions.RevokeSession;

/// <summary>Ends one of the caller's sessions; another user's session is indistinguishable from none.</summary>
internal sealed class RevokeSessionHandler(ISessionRepository sessions, IAuditTrail audit, IClock clock)
    : ICommandHandler<RevokeSessionCommand, Result>
{
    public async ValueTask<Result> Handle(RevokeSessionCommand command, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var session = await sessions.FindByIdAsync(command.SessionId, cancellationToken);
        if (session is null || session.UserId != command.Caller.UserId || !session.IsActive(now))
        {
            return DomainErrors.SessionNotFound;
        }

        await sessions.RevokeAsync(session.Id, now, RevocationReason.RevokedByUser, cancellationToken);
        audit.Record(AuditEvent.SessionRevoked, session.UserId, session.Id);
        return Result.Success();
    }
}
