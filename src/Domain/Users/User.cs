namespace Latch.Domain.Users;

/// <summary>
/// An account. Its state changes only through the intent methods below; <see cref="Version"/> is the
/// optimistic-concurrency token the store compares on every update.
/// </summary>
public sealed class User
{
    private User(UserId id, Email email, DisplayName displayName, string passwordHash,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, long version)
    {
        Id = id;
        Email = email;
        DisplayName = displayName;
        PasswordHash = passwordHash;
        CreatedAt = createdAt;
        UpdatedAt = updatedAt;
        Version = version;
    }

    public UserId Id { get; }

    public Email Email { get; }

    public DisplayName DisplayName { get; private set; }

    public string PasswordHash { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The version this instance was loaded at; the store writes <c>Version + 1</c> on update.</summary>
    public long Version { get; }

    public static User Register(Email email, DisplayName displayName, string passwordHash, DateTimeOffset now) =>
        new(UserId.New(), email, displayName, passwordHash, now, now, version: 1);

    /// <summary>Rebuilds a user from the store.</summary>
    public static User Restore(UserId id, Email email, DisplayName displayName, string passwordHash,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, long version) =>
        new(id, email, displayName, passwordHash, createdAt, updatedAt, version);

    public void Rename(DisplayName displayName, DateTimeOffset now)
    {
        DisplayName = displayName;
        UpdatedAt = now;
    }

    /// <summary>A new hash: after a password change, or the same password re-hashed at a higher cost.</summary>
    public void ReplacePasswordHash(string passwordHash, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(passwordHash);
        PasswordHash = passwordHash;
        UpdatedAt = now;
    }
}
