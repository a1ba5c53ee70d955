using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.Infrastructure.Web.Authentication;

/// <summary>
/// What bearer authentication asks of the stores: is the session a token names still active for its user. Web owns
/// the question; the composition answers it with the store's session-status cache, so Web names no store.
/// </summary>
internal interface ISessionStatus
{
    ValueTask<bool> IsActiveAsync(SessionId sessionId, UserId userId, CancellationToken cancellationToken);
}
