using System.Collections.Concurrent;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.Infrastructure.Persistence.Caching;

/// <summary>
/// Whether an access token's session is still active, remembered for at most
/// <c>Sessions:RevocationCacheDuration</c>. This bounds how long a revoked session's access tokens pass on
/// other instances; on this instance revocations evict at once (see the evicting repositories).
/// </summary>
internal sealed class SessionStatusCache(ISessionRepository sessions, IClock clock, TimeSpan duration)
{
    private const int SweepThreshold = 10_000;
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    public async ValueTask<bool> IsActiveAsync(SessionId sessionId, UserId userId, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        if (_entries.TryGetValue(sessionId.Value, out var cached) && cached.CachedUntil > now)
        {
            return cached.UserId == userId && now < cached.SessionExpiresAt;
        }

        var session = await sessions.FindByIdAsync(sessionId, cancellationToken);
        if (session is null || !session.IsActive(now))
        {
            _entries.TryRemove(sessionId.Value, out _);
            return false;
        }

        if (duration > TimeSpan.Zero)
        {
            if (_entries.Count >= SweepThreshold)
            {
                Sweep(now);
            }

            _entries[sessionId.Value] = new Entry(session.UserId, session.ExpiresAt, now + duration);
        }

        return session.UserId == userId;
    }

    public void Evict(SessionId sessionId) => _entries.TryRemove(sessionId.Value, out _);

    public void EvictUser(UserId userId)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.UserId == userId)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    public void Clear() => _entries.Clear();

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.CachedUntil <= now)
            {
                _entries.TryRemove(id, out _);
            }
        }
    }

    private sealed record Entry(UserId UserId, DateTimeOffset SessionExpiresAt, DateTimeOffset CachedUntil);
}
