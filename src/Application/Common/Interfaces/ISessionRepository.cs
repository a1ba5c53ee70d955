using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.Application.Common.Interfaces;

public interface ISessionRepository
{
    /// <summary>
    /// Stores a new session only while its user exists with the <see cref="Session.CredentialVersion"/> stamped on it;
    /// false, with nothing left stored, when the account was deleted or its password changed after the password that
    /// started the session was checked.
    /// </summary>
    Task<bool> TryStartAsync(Session session, CancellationToken cancellationToken);

    /// <summary>
    /// Stamps an active session with a new credential version: the session that changed the password carries on
    /// under the new one while every other is refused.
    /// </summary>
    Task RestampAsync(SessionId id, long credentialVersion, CancellationToken cancellationToken);

    Task<Session?> FindByIdAsync(SessionId id, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a rotated session as one compare-and-swap: applied only if the stored generation is still
    /// <paramref name="expectedGeneration"/>, the stored secret hash is still <paramref name="expectedSecretHash"/>
    /// (the token being replaced) and the session is not revoked. Of concurrent rotations of one token exactly
    /// one returns true.
    /// </summary>
    Task<bool> TryRotateAsync(Session rotated, long expectedGeneration, byte[] expectedSecretHash,
        CancellationToken cancellationToken);

    /// <summary>
    /// Stores the second-factor proof <see cref="Session.RecordSecondFactor"/> made on <paramref name="session"/> (its
    /// methods and the proof's time), and nothing else; false, with nothing changed, when the session was ended or
    /// does not exist.
    /// </summary>
    Task<bool> TryRecordSecondFactorAsync(Session session, CancellationToken cancellationToken);

    /// <summary>Ends one session; false when it was already ended or does not exist.</summary>
    Task<bool> RevokeAsync(SessionId id, DateTimeOffset at, RevocationReason reason, CancellationToken cancellationToken);

    /// <summary>Ends every active session of the user except <paramref name="except"/>; returns how many.</summary>
    Task<int> RevokeAllForUserAsync(UserId userId, SessionId? except, DateTimeOffset at, RevocationReason reason,
        CancellationToken cancellationToken);

    /// <summary>
    /// Ends every active session of every user (an administrator's answer to a leaked signing key or
    /// database); returns how many.
    /// </summary>
    Task<int> RevokeAllAsync(DateTimeOffset at, RevocationReason reason, CancellationToken cancellationToken);

    /// <summary>The user's sessions that are neither revoked nor expired at <paramref name="now"/>, newest first.</summary>
    Task<IReadOnlyList<Session>> ListActiveForUserAsync(UserId userId, DateTimeOffset now, CancellationToken cancellationToken);
}
