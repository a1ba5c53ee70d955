using Microsoft.Data.Sqlite;

namespace Latch.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode (readers never block the writer), foreign keys on,
/// and a schema created and migrated in order at start-up, tracked by <c>PRAGMA user_version</c>.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE users (
            id            TEXT    NOT NULL PRIMARY KEY,
            email         TEXT    NOT NULL,
            display_name  TEXT    NOT NULL,
            password_hash TEXT    NOT NULL,
            created_at    INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL,
            version       INTEGER NOT NULL
        ) STRICT;
        CREATE UNIQUE INDEX ux_users_email ON users (email);

        CREATE TABLE sessions (
            id                  TEXT    NOT NULL PRIMARY KEY,
            user_id             TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            generation          INTEGER NOT NULL,
            secret_hash         BLOB    NOT NULL,
            sealed_successor    BLOB,
            rotated_at          INTEGER,
            created_at          INTEGER NOT NULL,
            last_used_at        INTEGER NOT NULL,
            idle_expires_at     INTEGER NOT NULL,
            absolute_expires_at INTEGER NOT NULL,
            revoked_at          INTEGER,
            revocation_reason   INTEGER,
            user_agent          TEXT,
            ip_address          TEXT
        ) STRICT;
        CREATE INDEX ix_sessions_user ON sessions (user_id, created_at DESC);

        CREATE TABLE failed_logins (
            email_key       BLOB    NOT NULL PRIMARY KEY,
            failures        INTEGER NOT NULL,
            last_failure_at INTEGER NOT NULL
        ) STRICT;
        """,

        // Credential versions: each password change moves the user's on, and a session keeps the one it started with.
        """
        ALTER TABLE users ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE sessions ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 1;
        """,

        // The second factor: the sealed TOTP secret (none: no factor), when it was confirmed, the last step accepted
        // (a replay guard), and the recovery codes' keyed hashes.
        """
        ALTER TABLE users ADD COLUMN totp_secret BLOB;
        ALTER TABLE users ADD COLUMN totp_confirmed_at INTEGER;
        ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE users ADD COLUMN recovery_codes TEXT;
        """,

        // How each session's sign-in was won (RFC 8176 names, space-separated), when, and when a second factor was last
        // proved on it. Sessions from before were password sign-ins at their creation.
        """
        ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';
        ALTER TABLE sessions ADD COLUMN auth_time INTEGER;
        ALTER TABLE sessions ADD COLUMN second_factor_at INTEGER;
        UPDATE sessions SET auth_time = created_at;
        """,
    ];

    public SqliteDatabase(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = true,

            // Writers wait for each other (busy retry) up to this many seconds instead of failing at once.
            DefaultTimeout = 10,
        }.ToString();
        Migrate();

        // Reads run synchronously, one per thread at a time, so a few connections per core cover every concurrent one.
        Reads = new PreparedReads(ConnectionString, maxIdle: Math.Max(4, 2 * Environment.ProcessorCount));
    }

    public string ConnectionString { get; }

    /// <summary>The hot single-row reads, on open connections with prepared statements.</summary>
    public PreparedReads Reads { get; }

    public void Dispose() => Reads.Dispose();

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Constant migration SQL.")]
    private void Migrate()
    {
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
        using var transaction = connection.BeginTransaction(deferred: false);
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        for (var next = version; next < Migrations.Length; next++)
        {
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[next] + $"\nPRAGMA user_version = {next + 1};";
            migrate.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Constant SQL.")]
    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
