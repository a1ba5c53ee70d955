using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using static Latch.Infrastructure.Persistence.Sqlite.SqliteValues;

namespace Latch.Infrastructure.Persistence.Sqlite;

internal sealed class SqliteSessionRepository(SqliteDatabase database) : ISessionRepository
{
    private static readonly string Columns = SessionTable.Table.Columns;

    private static readonly string ById = $"SELECT {Columns} FROM sessions WHERE id = $id";

    private static readonly string Start =
        $"""
        INSERT INTO sessions ({Columns})
        SELECT {SessionTable.Table.Parameters}
        WHERE EXISTS (SELECT 1 FROM users WHERE id = {SessionTable.UserId.Parameter}
            AND credential_version = {SessionTable.CredentialVersion.Parameter})
        """;

    /// <summary>
    /// One statement: the row goes in only if the user is still there at the session's credential version, so a
    /// sign-in that checked a password just before the account was deleted or the password changed stores nothing
    /// (and never trips the foreign key).
    /// </summary>
    public Task<bool> TryStartAsync(Session session, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection, Start, SessionTable.Table.Values(session));
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
        Task.FromResult(database.Reads.ReadSingle(ById, "$id", Id(id.Value), SessionTable.Read));

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

    public Task<bool> TryRecordSecondFactorAsync(Session session, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection,
            "UPDATE sessions SET amr = $amr, second_factor_at = $at WHERE id = $id AND revoked_at IS NULL",
            ("$id", Id(session.Id.Value)), ("$amr", SessionTable.Methods.Bind(session)), ("$at", Millis(session.SecondFactorAt)));
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
            sessions.Add(SessionTable.Read(reader));
        }

        return Task.FromResult<IReadOnlyList<Session>>(sessions);
    }
}
