using System.Globalization;
using Latch.Application.Common.Interfaces;
using Microsoft.Data.Sqlite;

namespace Latch.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Emailed tokens in the SQLite file, one row per token keyed by its hash. Consuming is one
/// <c>DELETE … RETURNING</c> that only matches an unexpired row, so a token is used once however many confirms race,
/// and an expired one is never found; every insert sweeps the expired rows. Its table is created here, if missing, as
/// the sent-mail log's is: it holds only short-lived rows, and losing it costs at most a link asked for again.
/// </summary>
internal sealed class SqliteEmailTokenStore : IEmailTokenStore
{
    private const string Schema =
        """
        CREATE TABLE IF NOT EXISTS email_tokens (
            hash               BLOB    NOT NULL PRIMARY KEY,
            purpose            INTEGER NOT NULL,
            email              TEXT    NOT NULL,
            user_id            TEXT,
            credential_version INTEGER NOT NULL,
            new_email          TEXT,
            password_hash      TEXT,
            display_name       TEXT,
            expires_at         INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX IF NOT EXISTS ix_email_tokens_expires ON email_tokens (expires_at);
        CREATE INDEX IF NOT EXISTS ix_email_tokens_email ON email_tokens (email);
        """;

    private const string Insert =
        """
        DELETE FROM email_tokens WHERE expires_at <= $now;
        INSERT INTO email_tokens (hash, purpose, email, user_id, credential_version, new_email, password_hash, display_name, expires_at)
        VALUES ($hash, $purpose, $email, $user_id, $credential_version, $new_email, $password_hash, $display_name, $expires_at);
        """;

    private const string Consume =
        """
        DELETE FROM email_tokens WHERE hash = $hash AND purpose = $purpose AND expires_at > $now
        RETURNING email, user_id, credential_version, new_email, password_hash, display_name, expires_at;
        """;

    private const string RemoveForAddress = "DELETE FROM email_tokens WHERE email = $email;";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public SqliteEmailTokenStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
    }

    public Task AddAsync(EmailToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Insert;
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$hash", token.Hash);
        command.Parameters.AddWithValue("$purpose", (long)token.Purpose);
        command.Parameters.AddWithValue("$email", token.Email);
        command.Parameters.AddWithValue("$user_id", (object?)token.UserId?.ToString("D") ?? DBNull.Value);
        command.Parameters.AddWithValue("$credential_version", token.CredentialVersion);
        command.Parameters.AddWithValue("$new_email", (object?)token.NewEmail ?? DBNull.Value);
        command.Parameters.AddWithValue("$password_hash", (object?)token.PasswordHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$display_name", (object?)token.DisplayName ?? DBNull.Value);
        command.Parameters.AddWithValue("$expires_at", token.ExpiresAt.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task<EmailToken?> TryConsumeAsync(byte[] hash, EmailTokenPurpose purpose, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Consume;
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$purpose", (long)purpose);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return Task.FromResult<EmailToken?>(null);
        }

        return Task.FromResult<EmailToken?>(new EmailToken(
            hash,
            purpose,
            reader.GetString(0),
            reader.IsDBNull(1) ? null : Guid.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
            reader.GetInt64(2),
            NullableString(reader, 3),
            NullableString(reader, 4),
            NullableString(reader, 5),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
    }

    public Task RemoveForAddressAsync(string email, CancellationToken cancellationToken)
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = RemoveForAddress;
        command.Parameters.AddWithValue("$email", email);
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
