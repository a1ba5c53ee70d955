using Latch.Application.Common.Interfaces;

namespace Latch.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The sent-mail log in the SQLite file: a claim is one row, inserted, or taken over once its time is up; expired rows
/// are deleted on the way. Its table is created here, if missing, rather than in the store's migrations: it holds
/// nothing but keys and times, and losing it costs at most a duplicate email.
/// </summary>
internal sealed class SqliteSentMailLog : ISentMailLog
{
    private const string Schema =
        """
        CREATE TABLE IF NOT EXISTS sent_mail (
            key        TEXT    NOT NULL PRIMARY KEY,
            expires_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX IF NOT EXISTS ix_sent_mail_expires ON sent_mail (expires_at);
        """;

    // One statement decides: a new key is inserted; an existing one is taken over only when it has expired.
    private const string Claim =
        """
        DELETE FROM sent_mail WHERE expires_at <= $now AND key <> $key;
        INSERT INTO sent_mail (key, expires_at) VALUES ($key, $expires)
        ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE sent_mail.expires_at <= $now;
        SELECT changes();
        """;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public SqliteSentMailLog(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public Task<bool> TryClaimAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Claim;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$expires", expiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        var claimed = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
        transaction.Commit();
        return Task.FromResult(claimed);
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM sent_mail WHERE key = $key;";
        command.Parameters.AddWithValue("$key", key);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }
}
