using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Latch.Infrastructure.Persistence.Caching;

namespace Latch.UnitTests.Infrastructure.Persistence.Caching;

/// <summary>
/// The session-status cache against a store whose reads the test can pause, so the interleavings of a lookup and a
/// revocation on one instance are played out in a fixed order rather than left to the scheduler.
/// </summary>
public sealed class SessionStatusCacheTests
{
    private static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);
    private readonly PausingSessionStore _store = new();
    private readonly StubUsers _users = new();
    private readonly FixedClock _clock = new();

    [Fact]
    public async Task A_lookup_that_read_the_session_before_a_revocation_does_not_cache_it_as_active_after_the_eviction()
    {
        var (cache, sessions) = Build();
        var session = _store.Add(UserId.New(), _clock.UtcNow);

        // The lookup reads the session while it is still active, and is held before it stores its answer.
        var paused = _store.PauseNextRead();
        var lookup = cache.IsActiveAsync(session.Id, session.UserId, CancellationToken.None).AsTask();
        await paused.Reached;

        // The revocation completes in between: the store write, then the eviction.
        Assert.True(await sessions.RevokeAsync(session.Id, _clock.UtcNow, RevocationReason.Logout, CancellationToken.None));
        paused.Release();
        Assert.True(await lookup, "the lookup read the session before it was revoked");

        // Every later access-token check must see the revocation, not an 'active' entry stored after the eviction.
        Assert.False(await cache.IsActiveAsync(session.Id, session.UserId, CancellationToken.None));
        Assert.Equal(2, _store.Reads);
    }

    [Fact]
    public async Task Ending_all_of_a_users_sessions_during_a_lookup_wins_too()
    {
        var (cache, sessions) = Build();
        var session = _store.Add(UserId.New(), _clock.UtcNow);

        var paused = _store.PauseNextRead();
        var lookup = cache.IsActiveAsync(session.Id, session.UserId, CancellationToken.None).AsTask();
        await paused.Reached;
        Assert.Equal(1, await sessions.RevokeAllForUserAsync(session.UserId, null, _clock.UtcNow, RevocationReason.LogoutGlobal,
            CancellationToken.None));
        paused.Release();
        await lookup;

        Assert.False(await cache.IsActiveAsync(session.Id, session.UserId, CancellationToken.None));
    }

    [Fact]
    public async Task An_active_session_is_read_once_and_then_served_from_the_cache()
    {
        var (cache, _) = Build();
        var session = _store.Add(UserId.New(), _clock.UtcNow);

        Assert.True(await cache.IsActiveAsync(session.Id, session.UserId, CancellationToken.None));
        Assert.True(await cache.IsActiveAsync(session.Id, session.UserId, CancellationToken.None));
        Assert.False(await cache.IsActiveAsync(session.Id, UserId.New(), CancellationToken.None));
        Assert.Equal(1, _store.Reads);
    }

    [Fact]
    public async Task A_session_started_with_a_credential_older_than_the_users_is_not_active()
    {
        var (cache, _) = Build();
        var session = _store.Add(UserId.New(), _clock.UtcNow);
        _users.CredentialVersion = 2;

        Assert.False(await cache.IsActiveAsync(session.Id, session.UserId, CancellationToken.None));
        _users.CredentialVersion = 1;
        Assert.True(await cache.IsActiveAsync(session.Id, session.UserId, CancellationToken.None));
        _users.Deleted = true;
        Assert.False(await new SessionStatusCache(_store, _users, _clock, CacheDuration)
            .IsActiveAsync(session.Id, session.UserId, CancellationToken.None));
    }

    private (SessionStatusCache Cache, ISessionRepository Sessions) Build()
    {
        var cache = new SessionStatusCache(_store, _users, _clock, CacheDuration);
        return (cache, new EvictingSessionRepository(_store, cache));
    }

    /// <summary>Every id is a user at <see cref="CredentialVersion"/>, unless <see cref="Deleted"/>.</summary>
    private sealed class StubUsers : IUserRepository
    {
        public long CredentialVersion { get; set; } = 1;

        public bool Deleted { get; set; }

        public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken) => Task.FromResult(Deleted
            ? null
            : User.Restore(id, Email.FromTrusted("ann@example.com"), DisplayName.FromTrusted("Ann"), "hash",
                DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, version: 1, CredentialVersion));

        public Task<User?> FindByEmailAsync(Email email, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryAddAsync(User user, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryUpdateAsync(User user, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(UserId id, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class FixedClock : IClock
    {
        public DateTimeOffset UtcNow { get; } = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    /// <summary>One pause: reached once the read has taken its snapshot, released by the test.</summary>
    private sealed class Pause
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public Task Released => _released.Task;

        public void Reach() => _reached.TrySetResult();

        public void Release() => _released.TrySetResult();
    }

    /// <summary>An in-memory session store whose next read can be held after it has read the stored state.</summary>
    private sealed class PausingSessionStore : ISessionRepository
    {
        private readonly Dictionary<SessionId, Session> _sessions = [];
        private Pause? _pause;
        private int _reads;

        public int Reads => _reads;

        public Session Add(UserId userId, DateTimeOffset now)
        {
            var session = Session.Start(SessionId.New(), userId, 1, new byte[32], now, SessionPolicy.Default, null, null);
            lock (_sessions)
            {
                _sessions[session.Id] = session;
            }

            return session;
        }

        public Pause PauseNextRead() => _pause = new Pause();

        public Task<bool> TryStartAsync(Session session, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RestampAsync(SessionId id, long credentialVersion, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public async Task<Session?> FindByIdAsync(SessionId id, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _reads);
            Session? snapshot;
            lock (_sessions)
            {
                snapshot = _sessions.TryGetValue(id, out var stored) ? Copy(stored) : null;
            }

            if (Interlocked.Exchange(ref _pause, null) is { } pause)
            {
                pause.Reach();
                await pause.Released;
            }

            return snapshot;
        }

        public Task<bool> TryRotateAsync(Session rotated, long expectedGeneration, byte[] expectedSecretHash,
            CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryRecordSecondFactorAsync(Session session, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<bool> RevokeAsync(SessionId id, DateTimeOffset at, RevocationReason reason, CancellationToken cancellationToken)
        {
            lock (_sessions)
            {
                if (!_sessions.TryGetValue(id, out var session) || session.RevokedAt is not null)
                {
                    return Task.FromResult(false);
                }

                session.Revoke(at, reason);
                return Task.FromResult(true);
            }
        }

        public Task<int> RevokeAllForUserAsync(UserId userId, SessionId? except, DateTimeOffset at, RevocationReason reason,
            CancellationToken cancellationToken)
        {
            lock (_sessions)
            {
                var ended = _sessions.Values.Where(s => s.UserId == userId && s.RevokedAt is null && s.Id != except).ToList();
                ended.ForEach(s => s.Revoke(at, reason));
                return Task.FromResult(ended.Count);
            }
        }

        public Task<int> RevokeAllAsync(DateTimeOffset at, RevocationReason reason, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<Session>> ListActiveForUserAsync(UserId userId, DateTimeOffset now, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        private static Session Copy(Session s) => Session.Restore(s.Id, s.UserId, s.Generation, s.SecretHash, s.SealedSuccessor,
            s.RotatedAt, s.CreatedAt, s.LastUsedAt, s.IdleExpiresAt, s.AbsoluteExpiresAt, s.RevokedAt, s.RevocationReason,
            s.UserAgent, s.IpAddress, s.CredentialVersion, s.Methods, s.AuthenticatedAt, s.SecondFactorAt);
    }
}
