using Latch.Domain.Users;

namespace Latch.Domain.Sessions;

/// <summary>
/// A signed-in device. It owns the refresh-token family: <see cref="Generation"/> counts rotations, the
/// store keeps only a hash of the current token's secret, and <see cref="SealedSuccessor"/> holds the
/// current token encrypted under a key derived from the previous one, so that a retry inside the grace
/// period gets the same token back while the store alone can never produce a usable token. It also records how its
/// sign-in was won (<see cref="Methods"/>, <see cref="AuthenticatedAt"/>) and when a second factor was last proved on it
/// (<see cref="SecondFactorAt"/>); a rotation carries these over unchanged.
/// </summary>
public sealed class Session
{
    private Session(SessionId id, UserId userId, long generation, byte[] secretHash, byte[]? sealedSuccessor,
        DateTimeOffset? rotatedAt, DateTimeOffset createdAt, DateTimeOffset lastUsedAt, DateTimeOffset idleExpiresAt,
        DateTimeOffset absoluteExpiresAt, DateTimeOffset? revokedAt, RevocationReason? revocationReason,
        string? userAgent, string? ipAddress, long credentialVersion, AuthenticationMethods methods,
        DateTimeOffset authenticatedAt, DateTimeOffset? secondFactorAt)
    {
        Id = id;
        UserId = userId;
        Generation = generation;
        SecretHash = secretHash;
        SealedSuccessor = sealedSuccessor;
        RotatedAt = rotatedAt;
        CreatedAt = createdAt;
        LastUsedAt = lastUsedAt;
        IdleExpiresAt = idleExpiresAt;
        AbsoluteExpiresAt = absoluteExpiresAt;
        RevokedAt = revokedAt;
        RevocationReason = revocationReason;
        UserAgent = userAgent;
        IpAddress = ipAddress;
        CredentialVersion = credentialVersion;
        Methods = methods;
        AuthenticatedAt = authenticatedAt;
        SecondFactorAt = secondFactorAt;
    }

    public const int MaxUserAgentLength = 256;

    public SessionId Id { get; }

    public UserId UserId { get; }

    /// <summary>How many times the refresh token was rotated; the store compares it on rotation.</summary>
    public long Generation { get; private set; }

    public byte[] SecretHash { get; private set; }

    public byte[]? SealedSuccessor { get; private set; }

    public DateTimeOffset? RotatedAt { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset LastUsedAt { get; private set; }

    public DateTimeOffset IdleExpiresAt { get; private set; }

    public DateTimeOffset AbsoluteExpiresAt { get; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public RevocationReason? RevocationReason { get; private set; }

    public string? UserAgent { get; }

    public string? IpAddress { get; }

    /// <summary>The user's <see cref="User.CredentialVersion"/> when the password that started this session was checked.</summary>
    public long CredentialVersion { get; }

    /// <summary>The methods proved on this session: the sign-in's, and a second factor proved since (step-up).</summary>
    public AuthenticationMethods Methods { get; private set; }

    /// <summary>When the sign-in that started this session was completed (the token's <c>auth_time</c>).</summary>
    public DateTimeOffset AuthenticatedAt { get; }

    /// <summary>When a second factor was last proved on this session, at sign-in or by a step-up; null when never.</summary>
    public DateTimeOffset? SecondFactorAt { get; private set; }

    /// <summary>The session ends at its idle or absolute expiry, whichever comes first.</summary>
    public DateTimeOffset ExpiresAt => IdleExpiresAt < AbsoluteExpiresAt ? IdleExpiresAt : AbsoluteExpiresAt;

    public static Session Start(SessionId id, UserId userId, long credentialVersion, byte[] secretHash, DateTimeOffset now,
        SessionPolicy policy, string? userAgent, string? ipAddress)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var absolute = now + policy.AbsoluteLifetime;
        var idle = Min(now + policy.IdleTimeout, absolute);
        return new Session(id, userId, generation: 0, secretHash, sealedSuccessor: null, rotatedAt: null, now, now, idle,
            absolute, revokedAt: null, revocationReason: null, Truncate(userAgent, MaxUserAgentLength), ipAddress, credentialVersion,
            AuthenticationMethods.Password, authenticatedAt: now, secondFactorAt: null);
    }

    /// <summary>
    /// A stored session. A record from before sign-ins were recorded (<paramref name="methods"/> none,
    /// <paramref name="authenticatedAt"/> null) reads as a password sign-in at its creation.
    /// </summary>
    public static Session Restore(SessionId id, UserId userId, long generation, byte[] secretHash, byte[]? sealedSuccessor,
        DateTimeOffset? rotatedAt, DateTimeOffset createdAt, DateTimeOffset lastUsedAt, DateTimeOffset idleExpiresAt,
        DateTimeOffset absoluteExpiresAt, DateTimeOffset? revokedAt, RevocationReason? revocationReason,
        string? userAgent, string? ipAddress, long credentialVersion, AuthenticationMethods methods,
        DateTimeOffset? authenticatedAt, DateTimeOffset? secondFactorAt) =>
        new(id, userId, generation, secretHash, sealedSuccessor, rotatedAt, createdAt, lastUsedAt, idleExpiresAt,
            absoluteExpiresAt, revokedAt, revocationReason, userAgent, ipAddress, credentialVersion,
            methods == AuthenticationMethods.None ? AuthenticationMethods.Password : methods, authenticatedAt ?? createdAt,
            secondFactorAt);

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;

    /// <summary>Active, and started with the user's current password (not one changed since).</summary>
    public bool IsActiveFor(User user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        return IsActive(now) && user.Id == UserId && CredentialVersion >= user.CredentialVersion;
    }

    /// <summary>
    /// Classifies a presented token of <paramref name="generation"/>. <paramref name="secretMatchesCurrent"/>
    /// says whether its secret hashes to <see cref="SecretHash"/>; older generations are authenticated by the
    /// token's own MAC before this is asked.
    /// </summary>
    public RefreshCheck Check(long generation, bool secretMatchesCurrent, DateTimeOffset now, SessionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!IsActive(now) || generation > Generation || generation < 0)
        {
            return RefreshCheck.Invalid;
        }

        if (generation == Generation)
        {
            return secretMatchesCurrent ? RefreshCheck.Rotate : RefreshCheck.Invalid;
        }

        var withinGrace = generation == Generation - 1 && RotatedAt is { } rotated && now - rotated <= policy.ReuseGracePeriod;
        return withinGrace ? RefreshCheck.ReplayWithinGrace : RefreshCheck.Reuse;
    }

    /// <summary>Moves the family to the next generation; the store applies it only if the generation is unchanged.</summary>
    public void Rotate(byte[] newSecretHash, byte[] sealedSuccessor, DateTimeOffset now, SessionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (!IsActive(now))
        {
            throw new InvalidOperationException("An ended session cannot rotate.");
        }

        Generation++;
        SecretHash = newSecretHash;
        SealedSuccessor = sealedSuccessor;
        RotatedAt = now;
        LastUsedAt = now;
        IdleExpiresAt = Min(now + policy.IdleTimeout, AbsoluteExpiresAt);
    }

    /// <summary>
    /// A second factor proved on this session now: at the sign-in that starts it, or later by a step-up. The store keeps
    /// it only while the session is active.
    /// </summary>
    public void RecordSecondFactor(DateTimeOffset now)
    {
        if (!IsActive(now))
        {
            throw new InvalidOperationException("An ended session cannot record a second factor.");
        }

        Methods |= AuthenticationMethods.OneTimePassword;
        SecondFactorAt = now;
    }

    public void Revoke(DateTimeOffset now, RevocationReason reason)
    {
        if (RevokedAt is not null)
        {
            return;
        }

        RevokedAt = now;
        RevocationReason = reason;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
