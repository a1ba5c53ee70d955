namespace Latch.Domain.Users;

/// <summary>
/// An account. Its state changes only through the intent methods below; <see cref="Version"/> is the
/// optimistic-concurrency token the store compares on every update; <see cref="CredentialVersion"/> counts password
/// changes, and every session carries the one it was started with.
/// </summary>
public sealed class User
{
    private User(UserId id, Email email, DisplayName displayName, string passwordHash,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, long version, long credentialVersion, TotpFactor? totp)
    {
        Id = id;
        Email = email;
        DisplayName = displayName;
        PasswordHash = passwordHash;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        Version = version;
        CredentialVersion = credentialVersion;
        Totp = totp;
    }

    public UserId Id { get; }

    public Email Email { get; private set; }

    public DisplayName DisplayName { get; private set; }

    public string PasswordHash { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The version this instance was loaded at; the store writes <c>Version + 1</c> on update.</summary>
    public long Version { get; }

    /// <summary>
    /// Goes up by one with each password change (not with a re-hash of the same password): a session stamped with an
    /// older value was started with a password that is no longer the account's, and is refused.
    /// </summary>
    public long CredentialVersion { get; private set; }

    /// <summary>The authenticator-app factor, pending or active; null when none was ever enrolled (or it was removed).</summary>
    public TotpFactor? Totp { get; private set; }

    /// <summary>Whether sign-in and sensitive changes ask for a second factor.</summary>
    public bool HasSecondFactor => Totp is { IsActive: true };

    public static User Register(Email email, DisplayName displayName, string passwordHash, DateTimeOffset now) =>
        new(UserId.New(), email, displayName, passwordHash, now, now, version: 1, credentialVersion: 1, totp: null);

    /// <summary>Rebuilds a user from the store.</summary>
    public static User Restore(UserId id, Email email, DisplayName displayName, string passwordHash,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, long version, long credentialVersion, TotpFactor? totp = null) =>
        new(id, email, displayName, passwordHash, createdAt, updatedAt, version, credentialVersion, totp);

    public void Rename(DisplayName displayName, DateTimeOffset now)
    {
        DisplayName = displayName;
        UpdatedAt = now;
    }

    /// <summary>The same password re-hashed (at a higher cost, or into our format): the credential is unchanged.</summary>
    public void ReplacePasswordHash(string passwordHash, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        PasswordHash = passwordHash;
        UpdatedAt = now;
    }

    /// <summary>
    /// A new address, proved by a link sent to it. Sessions carry on (the password is the same); emailed tokens issued
    /// for the old address are void, being bound to it.
    /// </summary>
    public void ChangeEmail(Email email, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(email);
        Email = email;
        UpdatedAt = now;
    }

    /// <summary>A new password: every session started with an earlier one stops working.</summary>
    public void ChangePassword(string passwordHash, DateTimeOffset now)
    {
        ReplacePasswordHash(passwordHash, now);
        CredentialVersion++;
    }

    /// <summary>The one setter of the factor, for <see cref="UserSecondFactor"/>'s intents.</summary>
    internal void SetTotp(TotpFactor? totp, DateTimeOffset now)
    {
        Totp = totp;
        UpdatedAt = now;
    }
}
