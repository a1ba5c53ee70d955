using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Microsoft.Data.Sqlite;
using static Latch.Infrastructure.Persistence.Sqlite.SqliteValues;

namespace Latch.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The <c>sessions</c> table: every field of <see cref="Session"/>, one column each (instants as Unix milliseconds,
/// the revocation reason as its stable number, the methods as their RFC 8176 names). The schema itself is <see cref="SqliteDatabase"/>'s migrations.
/// </summary>
internal static class SessionTable
{
    public static readonly SqliteTable<Session> Table = new("sessions");

    public static readonly SqliteColumn<Session, Guid> Id = Table.Add("id", s => s.Id.Value, Types.Id);
    public static readonly SqliteColumn<Session, Guid> UserId = Table.Add("user_id", s => s.UserId.Value, Types.Id);
    public static readonly SqliteColumn<Session, long> Generation = Table.Add("generation", s => s.Generation, Types.Int64);
    public static readonly SqliteColumn<Session, byte[]> SecretHash = Table.Add("secret_hash", s => s.SecretHash, Types.Bytes);
    public static readonly SqliteColumn<Session, byte[]?> SealedSuccessor =
        Table.Add("sealed_successor", s => s.SealedSuccessor, Types.NullableBytes);
    public static readonly SqliteColumn<Session, DateTimeOffset?> RotatedAt = Table.Add("rotated_at", s => s.RotatedAt, Types.NullableInstant);
    public static readonly SqliteColumn<Session, DateTimeOffset> CreatedAt = Table.Add("created_at", s => s.CreatedAt, Types.Instant);
    public static readonly SqliteColumn<Session, DateTimeOffset> LastUsedAt = Table.Add("last_used_at", s => s.LastUsedAt, Types.Instant);
    public static readonly SqliteColumn<Session, DateTimeOffset> IdleExpiresAt =
        Table.Add("idle_expires_at", s => s.IdleExpiresAt, Types.Instant);
    public static readonly SqliteColumn<Session, DateTimeOffset> AbsoluteExpiresAt =
        Table.Add("absolute_expires_at", s => s.AbsoluteExpiresAt, Types.Instant);
    public static readonly SqliteColumn<Session, DateTimeOffset?> RevokedAt = Table.Add("revoked_at", s => s.RevokedAt, Types.NullableInstant);
    public static readonly SqliteColumn<Session, RevocationReason?> RevocationReason =
        Table.Add("revocation_reason", s => s.RevocationReason, Types.NullableReason);
    public static readonly SqliteColumn<Session, string?> UserAgent = Table.Add("user_agent", s => s.UserAgent, Types.NullableText);
    public static readonly SqliteColumn<Session, string?> IpAddress = Table.Add("ip_address", s => s.IpAddress, Types.NullableText);
    public static readonly SqliteColumn<Session, long> CredentialVersion =
        Table.Add("credential_version", s => s.CredentialVersion, Types.Int64);
    public static readonly SqliteColumn<Session, AuthenticationMethods> Methods = Table.Add("amr", s => s.Methods, Types.Methods);

    /// <summary>Null only on a row older than the column (read as the creation time); written on every new session.</summary>
    public static readonly SqliteColumn<Session, DateTimeOffset?> AuthenticatedAt =
        Table.Add("auth_time", s => s.AuthenticatedAt, Types.NullableInstant);
    public static readonly SqliteColumn<Session, DateTimeOffset?> SecondFactorAt =
        Table.Add("second_factor_at", s => s.SecondFactorAt, Types.NullableInstant);

    /// <summary>A session from a row of <see cref="SqliteTable{TRow}.Columns"/>.</summary>
    public static Session Read(SqliteDataReader reader) => Session.Restore(
        new SessionId(Id.Read(reader)),
        new UserId(UserId.Read(reader)),
        Generation.Read(reader),
        SecretHash.Read(reader),
        SealedSuccessor.Read(reader),
        RotatedAt.Read(reader),
        CreatedAt.Read(reader),
        LastUsedAt.Read(reader),
        IdleExpiresAt.Read(reader),
        AbsoluteExpiresAt.Read(reader),
        RevokedAt.Read(reader),
        RevocationReason.Read(reader),
        UserAgent.Read(reader),
        IpAddress.Read(reader),
        CredentialVersion.Read(reader),
        Methods.Read(reader),
        AuthenticatedAt.Read(reader),
        SecondFactorAt.Read(reader));
}
