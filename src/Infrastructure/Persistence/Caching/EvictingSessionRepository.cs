using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.Infrastructure.Persistence.Caching;

/// <summary>Any store's session repository, evicting revoked sessions from this instance's status cache at once.</summary>
internal sealed class EvictingSessionRepository(ISessionRepository inner, SessionStatusCache cache) : ISessionRepository
{
    public Task<bool> TryStartAsync(Session session, CancellationToken cancellationToken) => inner.TryStartAsync(session, cancellationToken);

    public Task RestampAsync(SessionId id, long credentialVersion, CancellationToken cancellationToken) =>
        inner.RestampAsync(id, credentialVersion, cancellationToken);

    public Task<Session?> FindByIdAsync(SessionId id, CancellationToken cancellationToken) => inner.FindByIdAsync(id, cancellationToken);

    public Task<bool> TryRotateAsync(Session rotated, long expectedGeneration, byte[] expectedSecretHash,
        CancellationToken cancellationToken) =>
        inner.TryRotateAsync(rotated, expectedGeneration, expectedSecretHash, cancellationToken);

    public Task<bool> TryRecordSecondFactorAsync(Session session, CancellationToken cancellationToken) =>
        inner.TryRecordSecondFactorAsync(session, cancellationToken);

    public async Task<bool> RevokeAsync(SessionId id, DateTimeOffset at, RevocationReason reason, CancellationToken cancellationToken)
    {
        var revoked = await inner.RevokeAsync(id, at, reason, cancellationToken);
        cache.Evict(id);
        return revoked;
    }

    public async Task<int> RevokeAllForUserAsync(UserId userId, SessionId? except, DateTimeOffset at, RevocationReason reason,
        CancellationToken cancellationToken)
    {
        var count = await inner.RevokeAllForUserAsync(userId, except, at, reason, cancellationToken);
        cache.EvictUser(userId);
        return count;
    }

    public async Task<int> RevokeAllAsync(DateTimeOffset at, RevocationReason reason, CancellationToken cancellationToken)
    {
        var count = await inner.RevokeAllAsync(at, reason, cancellationToken);
        cache.Clear();
        return count;
    }

    public Task<IReadOnlyList<Session>> ListActiveForUserAsync(UserId userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        inner.ListActiveForUserAsync(userId, now, cancellationToken);
}
