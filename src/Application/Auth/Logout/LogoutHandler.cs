using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Sessions;
using Mediator;

namespace Latch.Application.Auth.Logout;

/// <summary>Ends the sessions the scope names. Idempotent: ending an ended session is a success.</summary>
internal sealed class LogoutHandler(ISessionRepository sessions, IAuditTrail audit, IClock clock)
    : ICommandHandler<LogoutCommand, Result>
{
    public async ValueTask<Result> Handle(LogoutCommand command, CancellationToken cancellationToken)
    {
        var (userId, sessionId) = command.Caller;
        var now = clock.UtcNow;
        switch (command.Scope)
        {
            case LogoutScope.Local:
                await sessions.RevokeAsync(sessionId, now, RevocationReason.Logout, cancellationToken);
                break;
            case LogoutScope.Others:
                await sessions.RevokeAllForUserAsync(userId, sessionId, now, RevocationReason.LogoutOthers, cancellationToken);
                break;
            case LogoutScope.Global:
                await sessions.RevokeAllForUserAsync(userId, except: null, now, RevocationReason.LogoutGlobal, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(command), command.Scope, "Unknown logout scope.");
        }

        audit.Record(AuditEvent.LoggedOut, userId, sessionId, command.Scope switch
        {
            LogoutScope.Local => "local",
            LogoutScope.Others => "others",
            _ => "global",
        });
        return Result.Success();
    }
}
