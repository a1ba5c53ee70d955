using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.ApplicationTests.Ports;

/// <summary>The session store in memory: copies in and out, the rotation compare-and-swap, the start check against the user.</summary>
public sealed class InMemorySessions : ISessionRepository
{
    private readonly Lock _gate = new();

    internal Lock Gate => _gate;
    private readonly Dictionary<SessionId, Session> _byId = [];

    /// <summary>The user store, for the credential version a new session must match; set once both exist.</summary>
    public InMemoryUsers? Users { get; set; }

    public Task<bool> TryStartAsync(Session session, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Users?.CredentialVersionOf(session.UserId) != session.CredentialVersion || _byId.ContainsKey(session.Id))
            {
                return Task.FromResult(false);
            }

            _byId[session.Id] = Copy(session);
            return Task.FromResult(true);
        }
    }

    public Task RestampAsync(SessionId id, long credentialVersion, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_byId.TryGetValue(id, out var s) && s.RevokedAt is null)
            {
                _byId[id] = Copy(s, credentialVersion: credentialVersion);
            }

            return Task.CompletedTask;
        }
    }

    public Task<Session?> FindByIdAsync(SessionId id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_byId.TryGetValue(id, out var session) ? Copy(session) : null);
        }
    }

    public Task<bool> TryRotateAsync(Session rotated, long expectedGeneration, byte[] expectedSecretHash,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(rotated.Id, out var stored) || stored.Generation != expectedGeneration ||
                !stored.SecretHash.AsSpan().SequenceEqual(expectedSecretHash) || stored.RevokedAt is not null)
            {
                return Task.FromResult(false);
            }

            _byId[rotated.Id] = Copy(rotated);
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryRecordSecondFactorAsync(Session session, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(session.Id, out var stored) || stored.RevokedAt is not null)
            {
                return Task.FromResult(false);
            }

            // The proof only, as the real stores write it: the rest of the stored session stays as it is.
            _byId[session.Id] = Session.Restore(stored.Id, stored.UserId, stored.Generation, stored.SecretHash,
                stored.SealedSuccessor, stored.RotatedAt, stored.CreatedAt, stored.LastUsedAt, stored.IdleExpiresAt,
                stored.AbsoluteExpiresAt, stored.RevokedAt, stored.RevocationReason, stored.UserAgent, stored.IpAddress,
                stored.CredentialVersion, session.Methods, stored.AuthenticatedAt, session.SecondFactorAt);
            return Task.FromResult(true);
        }
    }

    public Task<bool> RevokeAsync(SessionId id, DateTimeOffset at, RevocationReason reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var stored) || stored.RevokedAt is not null)
            {
                return Task.FromResult(false);
            }

            stored.Revoke(at, reason);
            return Task.FromResult(true);
        }
    }

    public Task<int> RevokeAllForUserAsync(UserId userId, SessionId? except, DateTimeOffset at, RevocationReason reason,
        CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var ended = _byId.Values.Where(s => s.UserId == userId && s.Id != except && s.RevokedAt is null).ToList();
            ended.ForEach(s => s.Revoke(at, reason));
            return Task.FromResult(ended.Count);
        }
    }

    public Task<int> RevokeAllAsync(DateTimeOffset at, RevocationReason reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var ended = _byId.Values.Where(s => s.RevokedAt is null).ToList();
            ended.ForEach(s => s.Revoke(at, reason));
            return Task.FromResult(ended.Count);
        }
    }

    public Task<IReadOnlyList<Session>> ListActiveForUserAsync(UserId userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Session> active = [.. _byId.Values.Where(s => s.UserId == userId && s.IsActive(now))
                .OrderByDescending(s => s.CreatedAt).Select(s => Copy(s))];
            return Task.FromResult(active);
        }
    }

    /// <summary>Every session, ended or not, as stored: for assertions.</summary>
    public IReadOnlyList<Session> All()
    {
        lock (_gate)
        {
            return [.. _byId.Values.Select(s => Copy(s))];
        }
    }

    internal void RemoveAllOf(UserId userId)
    {
        lock (_gate)
        {
            foreach (var id in _byId.Values.Where(s => s.UserId == userId).Select(s => s.Id).ToList())
            {
                _byId.Remove(id);
            }
        }
    }

    private static Session Copy(Session s, long? credentialVersion = null) => Session.Restore(s.Id, s.UserId, s.Generation,
        [.. s.SecretHash], s.SealedSuccessor is null ? null : [.. s.SealedSuccessor], s.RotatedAt, s.CreatedAt, s.LastUsedAt,
        s.IdleExpiresAt, s.AbsoluteExpiresAt, s.RevokedAt, s.RevocationReason, s.UserAgent, s.IpAddress,
        credentialVersion ?? s.CredentialVersion, s.Methods, s.AuthenticatedAt, s.SecondFactorAt);
}
