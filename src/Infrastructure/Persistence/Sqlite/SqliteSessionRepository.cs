using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Microsoft.Data.Sqlite;
using static Latch.Infrastructure.Persistence.Sqlite.SqliteValues;

namespace Latch.Infrastructure.Persistence.Sqlite;

internal sealed class SqliteSessionRepository(SqliteDatabase database) : ISessionRepository
{
    private const string Columns =
        "id, user_id, generation, secret_hash, sealed_successor, rotated_at, created_at, last_used_at, " +
        "idle_expires_at, absolute_expires_at, revoked_at, revocation_reason, user_agent, ip_address, credential_version";

    /// <summary>
    /// One statement: the row goes in only if the user is still there at the session's credential version, so a
    /// sign-in that checked a password just before the account was deleted or the password changed stores nothing
    /// (and never trips the foreign key).
    /// </summary>
    public Task<bool> TryStartAsync(Session session, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection,
            $"""
            INSERT INTO sessions ({Columns})
            SELECT $id, $user, $generation, $hash, $sealed, $rotated, $created, $used, $idle, $absolute, $revoked, $reason,
                $agent, $ip, $credential
            WHERE EXISTS (SELECT 1 FROM users WHERE id = $user AND credential_version = $credential)
            """,
            ("$id", Id(session.Id.Value)), ("$user", Id(session.UserId.Value)), ("$generation", session.Generation),
            ("$hash", session.SecretHash), ("$sealed", Nullable(session.SealedSuccessor)), ("$rotated", Millis(session.RotatedAt)),
            ("$created", Millis(session.CreatedAt)), ("$used", Millis(session.LastUsedAt)),
            ("$idle", Millis(session.IdleExpiresAt)), ("$absolute", Millis(session.AbsoluteExpiresAt)),
            ("$revoked", Millis(session.RevokedAt)), ("$reason", Nullable((int?)session.RevocationReason)),
            ("$agent", Nullable(session.UserAgent)), ("$ip", Nullable(session.IpAddress)),
            ("$credential", session.CredentialVersion));
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    public Task RestampAsync(SessionId id, long credentialVersion, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection,
            "UPDATE sessions SET credential_version = $credential WHERE id = $id AND revoked_at IS NULL",
            ("$id", Id(id.Value)), ("$credential", credentialVersion));
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task<Session?> FindByIdAsync(SessionId id, CancellationToken cancellationToken) =>
        Task.FromResult(database.Reads.ReadSingle($"SELECT {Columns} FROM sessions WHERE id = $id", "$id", Id(id.Value), Read));

    public Task<bool> TryRotateAsync(Session rotated, long expectedGeneration, byte[] expectedSecretHash,
        CancellationToken cancellationToken)
    {
        // The compare-and-swap: one statement, so SQLite's write lock makes it atomic.
        using var connection = database.Open();
        using var command = Command(connection,
            """
            UPDATE sessions SET generation = $generation, secret_hash = $hash, sealed_successor = $sealed,
                rotated_at = $rotated, last_used_at = $used, idle_expires_at = $idle
            WHERE id = $id AND generation = $expected AND secret_hash = $expectedHash AND revoked_at IS NULL
            """,
            ("$id", Id(rotated.Id.Value)), ("$expected", expectedGeneration), ("$expectedHash", expectedSecretHash),
            ("$generation", rotated.Generation),
            ("$hash", rotated.SecretHash), ("$sealed", Nullable(rotated.SealedSuccessor)),
            ("$rotated", Millis(rotated.RotatedAt)), ("$used", Millis(rotated.LastUsedAt)),
            ("$idle", Millis(rotated.IdleExpiresAt)));
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    public Task<bool> RevokeAsync(SessionId id, DateTimeOffset at, RevocationReason reason, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection,
            "UPDATE sessions SET revoked_at = $at, revocation_reason = $reason WHERE id = $id AND revoked_at IS NULL",
            ("$id", Id(id.Value)), ("$at", Millis(at)), ("$reason", (int)reason));
        return Task.FromResult(command.ExecuteNonQuery() == 1);
    }

    public Task<int> RevokeAllForUserAsync(UserId userId, SessionId? except, DateTimeOffset at, RevocationReason reason,
        CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection,
            """
            UPDATE sessions SET revoked_at = $at, revocation_reason = $reason
            WHERE user_id = $user AND revoked_at IS NULL AND ($except IS NULL OR id <> $except)
            """,
            ("$user", Id(userId.Value)), ("$at", Millis(at)), ("$reason", (int)reason),
            ("$except", except is { } keep ? Id(keep.Value) : DBNull.Value));
        return Task.FromResult(command.ExecuteNonQuery());
    }

    public Task<int> RevokeAllAsync(DateTimeOffset at, RevocationReason reason, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection,
            "UPDATE sessions SET revoked_at = $at, revocation_reason = $reason WHERE revoked_at IS NULL",
            ("$at", Millis(at)), ("$reason", (int)reason));
        return Task.FromResult(command.ExecuteNonQuery());
    }

    public Task<IReadOnlyList<Session>> ListActiveForUserAsync(UserId userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection,
            $"""
            SELECT {Columns} FROM sessions
            WHERE user_id = $user AND revoked_at IS NULL AND idle_expires_at > $now AND absolute_expires_at > $now
            ORDER BY created_at DESC, id DESC
            """,
            ("$user", Id(userId.Value)), ("$now", Millis(now)));
        using var reader = command.ExecuteReader();
        var sessions = new List<Session>();
        while (reader.Read())
        {
            sessions.Add(Read(reader));
        }

        return Task.FromResult<IReadOnlyList<Session>>(sessions);
    }

    private static Session Read(SqliteDataReader reader) => Session.Restore(
        new SessionId(reader.GetGuid(0)),
        new UserId(reader.GetGuid(1)),
        reader.GetInt64(2),
        (byte[])reader[3],
        reader.IsDBNull(4) ? null : (byte[])reader[4],
        NullableInstant(reader, 5),
        Instant(reader, 6),
        Instant(reader, 7),
        Instant(reader, 8),
        Instant(reader, 9),
        NullableInstant(reader, 10),
        reader.IsDBNull(11) ? null : (RevocationReason)reader.GetInt32(11),
        reader.IsDBNull(12) ? null : reader.GetString(12),
        reader.IsDBNull(13) ? null : reader.GetString(13),
        reader.GetInt64(14));
}
