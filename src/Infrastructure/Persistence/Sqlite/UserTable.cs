using Latch.Domain.Users;
using Microsoft.Data.Sqlite;
using static Latch.Infrastructure.Persistence.Sqlite.SqliteValues;

namespace Latch.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The <c>users</c> table: every field of <see cref="User"/>, one column each; <c>email</c> is the normalised address
/// its unique index compares. The schema itself is <see cref="SqliteDatabase"/>'s migrations.
/// </summary>
internal static class UserTable
{
    public static readonly SqliteTable<User> Table = new("users");

    public static readonly SqliteColumn<User, Guid> Id = Table.Add("id", u => u.Id.Value, Types.Id);
    public static readonly SqliteColumn<User, string> Email = Table.Add("email", u => u.Email.Value, Types.Text);
    public static readonly SqliteColumn<User, string> DisplayName = Table.Add("display_name", u => u.DisplayName.Value, Types.Text);
    public static readonly SqliteColumn<User, string> PasswordHash = Table.Add("password_hash", u => u.PasswordHash, Types.Text);
    public static readonly SqliteColumn<User, DateTimeOffset> CreatedAt = Table.Add("created_at", u => u.CreatedAt, Types.Instant);
    public static readonly SqliteColumn<User, DateTimeOffset> UpdatedAt = Table.Add("updated_at", u => u.UpdatedAt, Types.Instant);
    public static readonly SqliteColumn<User, long> Version = Table.Add("version", u => u.Version, Types.Int64);
    public static readonly SqliteColumn<User, long> CredentialVersion = Table.Add("credential_version", u => u.CredentialVersion, Types.Int64);
    public static readonly SqliteColumn<User, byte[]?> TotpSecret = Table.Add("totp_secret", TotpColumns.Secret, Types.NullableBytes);
    public static readonly SqliteColumn<User, DateTimeOffset?> TotpConfirmedAt =
        Table.Add("totp_confirmed_at", TotpColumns.ConfirmedAt, Types.NullableInstant);
    public static readonly SqliteColumn<User, long> TotpLastStep = Table.Add("totp_last_step", TotpColumns.LastStep, Types.Int64);
    public static readonly SqliteColumn<User, string?> RecoveryCodes = Table.Add("recovery_codes", TotpColumns.RecoveryCodes, Types.NullableText);

    /// <summary>A user from a row of <see cref="SqliteTable{TRow}.Columns"/>.</summary>
    public static User Read(SqliteDataReader reader) => User.Restore(
        new UserId(Id.Read(reader)),
        Latch.Domain.Users.Email.FromTrusted(Email.Read(reader)),
        Latch.Domain.Users.DisplayName.FromTrusted(DisplayName.Read(reader)),
        PasswordHash.Read(reader),
        CreatedAt.Read(reader),
        UpdatedAt.Read(reader),
        Version.Read(reader),
        CredentialVersion.Read(reader),
        TotpColumns.Read(TotpSecret.Read(reader), TotpConfirmedAt.Read(reader), TotpLastStep.Read(reader), RecoveryCodes.Read(reader)));
}
