using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Latch.Infrastructure.Persistence.Caching;
using Latch.Infrastructure.Web.Authentication;

namespace Latch.Infrastructure;

/// <summary>Web's <see cref="ISessionStatus"/> answered by the store's cache, which revocations evict at once.</summary>
internal sealed class CachedSessionStatus(SessionStatusCache cache) : ISessionStatus
{
    public ValueTask<bool> IsActiveAsync(SessionId sessionId, UserId userId, CancellationToken cancellationToken) =>
        cache.IsActiveAsync(sessionId, userId, cancellationToken);
}
