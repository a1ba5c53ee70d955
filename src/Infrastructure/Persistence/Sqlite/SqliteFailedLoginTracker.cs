using System.Security.Cryptography;
using System.Text;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Lockout;
using Latch.Domain.Users;
using static Latch.Infrastructure.Persistence.Sqlite.SqliteValues;

namespace Latch.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Failure counts keyed by HMAC-SHA-256 of the normalised email: the table never holds an address, not
/// even of the people who mistyped theirs and have no account.
/// </summary>
internal sealed class SqliteFailedLoginTracker(SqliteDatabase database, byte[] emailKey) : IFailedLoginTracker
{
    public Task<FailedLogins> GetAsync(Email email, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection, "SELECT failures, last_failure_at FROM failed_logins WHERE email_key = $key",
            ("$key", Key(email)));
        using var reader = command.ExecuteReader();
        return Task.FromResult(reader.Read() ? new FailedLogins(reader.GetInt32(0), Instant(reader, 1)) : FailedLogins.None);
    }

    public Task<FailedLogins> RecordFailureAsync(Email email, DateTimeOffset now, TimeSpan resetAfter, CancellationToken cancellationToken)
    {
        // One statement: concurrent failures each count, and a stale count restarts at one.
        using var connection = database.Open();
        using var command = Command(connection,
            """
            INSERT INTO failed_logins (email_key, failures, last_failure_at) VALUES ($key, 1, $now)
            ON CONFLICT (email_key) DO UPDATE SET
                failures = CASE WHEN last_failure_at <= $stale THEN 1 ELSE failures + 1 END,
                last_failure_at = $now
            RETURNING failures, last_failure_at
            """,
            ("$key", Key(email)), ("$now", Millis(now)), ("$stale", Millis(now - resetAfter)));
        using var reader = command.ExecuteReader();
        reader.Read();
        return Task.FromResult(new FailedLogins(reader.GetInt32(0), Instant(reader, 1)));
    }

    public Task ResetAsync(Email email, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection, "DELETE FROM failed_logins WHERE email_key = $key", ("$key", Key(email)));
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    private byte[] Key(Email email) => HMACSHA256.HashData(emailKey, Encoding.UTF8.GetBytes(email.Value));
}
