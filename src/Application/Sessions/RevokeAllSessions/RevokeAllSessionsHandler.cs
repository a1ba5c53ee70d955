using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Sessions;
using Mediator;

namespace Latch.Application.Sessions.RevokeAllSessions;

/// <summary>
/// Ends the sessions at once in the store: their refresh tokens fail from now on, and their access tokens are
/// refused once each instance's session-status cache lets go of them (<c>Sessions:RevocationCacheDuration</c>).
/// </summary>
internal sealed class RevokeAllSessionsHandler(IUserRepository users, ISessionRepository sessions, IAuditTrail audit, IClock clock)
    : ICommandHandler<RevokeAllSessionsCommand, Result<RevokeAllSessionsResponse>>
{
    public static readonly Error UserNotFound =
        new(ErrorCodes.UserNotFound, "No user has this email or id.", ErrorKind.NotFound);

    public async ValueTask<Result<RevokeAllSessionsResponse>> Handle(RevokeAllSessionsCommand command,
        CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        if (command.AllUsers)
        {
            var all = await sessions.RevokeAllAsync(now, RevocationReason.AdminRevoked, cancellationToken);
            audit.Record(AuditEvent.SessionsRevokedByAdmin, detail: "all-users");
            return new RevokeAllSessionsResponse(all, null);
        }

        var user = command switch
        {
            { UserId: { } id } => await users.FindByIdAsync(id, cancellationToken),
            { Email: { } email } => await users.FindByEmailAsync(email, cancellationToken),
            _ => null,
        };
        if (user is null)
        {
            return UserNotFound;
        }

        var count = await sessions.RevokeAllForUserAsync(user.Id, except: null, now, RevocationReason.AdminRevoked,
            cancellationToken);
        audit.Record(AuditEvent.SessionsRevokedByAdmin, user.Id, detail: "one-user");
        return new RevokeAllSessionsResponse(count, user.Id.ToString());
    }
}
