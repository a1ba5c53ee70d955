using System.Security.Cryptography;
using System.Text;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Lockout;
using Microsoft.Data.Sqlite;
using static Latch.Infrastructure.Persistence.Sqlite.SqliteValues;

namespace Latch.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Failure budgets keyed by HMAC-SHA-256 of the normalised email (or of the device key): the table never holds an
/// address, not even of the people who mistyped theirs and have no account.
/// </summary>
internal sealed class SqliteFailedLoginTracker(SqliteDatabase database, byte[] emailKey) : IFailedLoginTracker
{
    // LockoutPolicy.Reserve as one upsert: the row is written only when the back-off lets the attempt through (a
    // stale count starts again at one; under the free failures; or the window 2^(n − free) s, capped, has passed), and
    // RETURNING yields a row only then. SQLite's write lock makes the decision and the count one step.
    private const string Reserve =
        """
        INSERT INTO failed_logins (email_key, failures, last_failure_at) VALUES ($key, 1, $now)
        ON CONFLICT (email_key) DO UPDATE SET
            failures = CASE WHEN last_failure_at <= $stale THEN 1 ELSE failures + 1 END,
            last_failure_at = $now
        WHERE last_failure_at <= $stale
           OR failures < $free
           OR last_failure_at + MIN((1 << MIN(failures - $free, 40)) * 1000, $maxMs) <= $now
        RETURNING failures, last_failure_at
        """;

    // A hard cap as one upsert: counted only while under $limit, and RETURNING yields a row only then.
    private const string ReserveUpTo =
        """
        INSERT INTO failed_logins (email_key, failures, last_failure_at) VALUES ($key, 1, $now)
        ON CONFLICT (email_key) DO UPDATE SET failures = failures + 1, last_failure_at = $now
        WHERE failures < $limit
        RETURNING failures, last_failure_at
        """;

    public Task<FailedLogins> GetAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        return Task.FromResult(Read(connection, Key(key)));
    }

    public Task<AttemptReservation> ReserveAsync(AttemptKey key, DateTimeOffset now, LockoutPolicy policy,
        CancellationToken cancellationToken)
    {
        var hashed = Key(key);
        using var connection = database.Open();
        for (var attempt = 1; ; attempt++)
        {
            using (var command = Command(connection, Reserve,
                       ("$key", hashed), ("$now", Millis(now)), ("$stale", Millis(now - policy.ResetAfter)),
                       ("$free", policy.FreeFailures), ("$maxMs", (long)policy.MaxBackoff.TotalMilliseconds)))
            using (var reader = command.ExecuteReader())
            {
                if (reader.Read())
                {
                    return Task.FromResult(new AttemptReservation(true, new FailedLogins(reader.GetInt32(0), Instant(reader, 1))));
                }
            }

            // Refused. The state that refused it, for Retry-After; if a success reset it in between, try once more.
            var state = Read(connection, hashed);
            if (policy.RetryAfter(state, now) is not null || attempt == 2)
            {
                return Task.FromResult(new AttemptReservation(false, state));
            }
        }
    }

    public Task<AttemptReservation> ReserveUpToAsync(AttemptKey key, int limit, DateTimeOffset now, TimeSpan keepFor,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var hashed = Key(key);
        using var connection = database.Open();
        using (var command = Command(connection, ReserveUpTo, ("$key", hashed), ("$now", Millis(now)), ("$limit", limit)))
        using (var reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                return Task.FromResult(new AttemptReservation(true, new FailedLogins(reader.GetInt32(0), Instant(reader, 1))));
            }
        }

        return Task.FromResult(new AttemptReservation(false, Read(connection, hashed)));
    }

    public Task ReleaseAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection,
            "UPDATE failed_logins SET failures = failures - 1 WHERE email_key = $key AND failures > 0", ("$key", Key(key)));
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public Task ResetAsync(AttemptKey key, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        using var command = Command(connection, "DELETE FROM failed_logins WHERE email_key = $key", ("$key", Key(key)));
        command.ExecuteNonQuery();
        return Task.CompletedTask;
    }

    private static FailedLogins Read(SqliteConnection connection, byte[] key)
    {
        using var command = Command(connection, "SELECT failures, last_failure_at FROM failed_logins WHERE email_key = $key",
            ("$key", key));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new FailedLogins(reader.GetInt32(0), Instant(reader, 1)) : FailedLogins.None;
    }

    private byte[] Key(AttemptKey key) => HMACSHA256.HashData(emailKey, Encoding.UTF8.GetBytes(key.Value));
}
