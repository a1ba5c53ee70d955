using System.Collections.Concurrent;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.Infrastructure.Persistence.Caching;

/// <summary>
/// Whether an access token's session is still active, remembered for at most
/// <c>Sessions:RevocationCacheDuration</c>. This bounds how long a revoked session's access tokens pass on
/// other instances; on this instance revocations evict at once (see the evicting repositories), and an eviction
/// always wins over a lookup in flight: a lookup first puts a pending marker under the key, reads the store, and
/// stores its answer only if its own marker is still there. A revocation writes the store and then evicts, which
/// removes the marker, so an answer read before the revocation is never cached after it. A session started with a
/// password the user has changed since (an older credential version) is not active.
/// </summary>
internal sealed class SessionStatusCache(ISessionRepository sessions, IUserRepository users, IClock clock, TimeSpan duration)
{
    private const int SweepThreshold = 10_000;
    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();

    public async ValueTask<bool> IsActiveAsync(SessionId sessionId, UserId userId, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        if (_entries.TryGetValue(sessionId.Value, out var cached) && !cached.IsPending && cached.CachedUntil > now)
        {
            return cached.UserId == userId && now < cached.SessionExpiresAt;
        }

        if (duration <= TimeSpan.Zero)
        {
            return await ReadActiveAsync(sessionId, userId, now, cancellationToken) is not null;
        }

        if (_entries.Count >= SweepThreshold)
        {
            Sweep(now);
        }

        // Before the read: an eviction from here on removes this marker, and the answer below is then not kept.
        var marker = Entry.Pending(userId);
        _entries[sessionId.Value] = marker;
        Session? session;
        try
        {
            session = await ReadActiveAsync(sessionId, userId, now, cancellationToken);
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<Guid, Entry>(sessionId.Value, marker));
            throw;
        }

        if (session is null)
        {
            _entries.TryRemove(new KeyValuePair<Guid, Entry>(sessionId.Value, marker));
            return false;
        }

        // Compare-and-swap against this lookup's own marker (reference equality): fails if an eviction came between.
        _entries.TryUpdate(sessionId.Value, Entry.Active(session.UserId, session.ExpiresAt, now + duration), marker);
        return true;
    }

    /// <summary>The session if it is active, the token's user's, and started with the user's current credential.</summary>
    private async Task<Session?> ReadActiveAsync(SessionId sessionId, UserId userId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var session = await sessions.FindByIdAsync(sessionId, cancellationToken);
        if (session is null || !session.IsActive(now) || session.UserId != userId)
        {
            return null;
        }

        var user = await users.FindByIdAsync(userId, cancellationToken);
        return user is not null && session.IsActiveFor(user, now) ? session : null;
    }

    public void Evict(SessionId sessionId) => _entries.TryRemove(sessionId.Value, out _);

    public void EvictUser(UserId userId)
    {
        foreach (var (id, entry) in _entries)
        {
            if (entry.UserId == userId)
            {
                _entries.TryRemove(new KeyValuePair<Guid, Entry>(id, entry));
            }
        }
    }

    public void Clear() => _entries.Clear();

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (id, entry) in _entries)
        {
            if (!entry.IsPending && entry.CachedUntil <= now)
            {
                _entries.TryRemove(new KeyValuePair<Guid, Entry>(id, entry));
            }
        }
    }

    /// <summary>A cached answer, or a lookup's pending marker; compared by reference, so every marker is unique.</summary>
    private sealed class Entry
    {
        private Entry(UserId userId, DateTimeOffset sessionExpiresAt, DateTimeOffset cachedUntil, bool isPending)
        {
            UserId = userId;
            SessionExpiresAt = sessionExpiresAt;
            CachedUntil = cachedUntil;
            IsPending = isPending;
        }

        public UserId UserId { get; }

        public DateTimeOffset SessionExpiresAt { get; }

        public DateTimeOffset CachedUntil { get; }

        public bool IsPending { get; }

        public static Entry Pending(UserId userId) => new(userId, DateTimeOffset.MinValue, DateTimeOffset.MinValue, isPending: true);

        public static Entry Active(UserId userId, DateTimeOffset sessionExpiresAt, DateTimeOffset cachedUntil) =>
            new(userId, sessionExpiresAt, cachedUntil, isPending: false);
    }
}
