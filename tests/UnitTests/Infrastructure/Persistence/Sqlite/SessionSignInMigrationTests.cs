using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Latch.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Latch.UnitTests.Infrastructure.Persistence.Sqlite;

/// <summary>
/// A store made before sessions recorded how their sign-in was won: its sessions come through the migration as password
/// sign-ins at their creation, with no second factor proved.
/// </summary>
public sealed class SessionSignInMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("latch-migration-").FullName;

    [Fact]
    public async Task A_session_from_before_the_migration_reads_as_a_password_sign_in_at_its_creation()
    {
        var path = Path.Combine(_directory, "old.db");
        var userId = UserId.New();
        var sessionId = SessionId.New();
        var created = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_123);
        using (var current = new SqliteDatabase(path))
        {
            // Back to the schema of the version before: the three columns gone, the version one lower.
            using var connection = current.Open();
            Execute(connection,
                """
                ALTER TABLE sessions DROP COLUMN amr;
                ALTER TABLE sessions DROP COLUMN auth_time;
                ALTER TABLE sessions DROP COLUMN second_factor_at;
                PRAGMA user_version = 3;
                """);
            Execute(connection,
                $"""
                INSERT INTO users (id, email, display_name, password_hash, created_at, updated_at, version)
                VALUES ('{userId}', 'old@example.com', 'Old', 'hash', {created.ToUnixTimeMilliseconds()}, {created.ToUnixTimeMilliseconds()}, 1);
                INSERT INTO sessions (id, user_id, generation, secret_hash, created_at, last_used_at, idle_expires_at, absolute_expires_at)
                VALUES ('{sessionId}', '{userId}', 0, x'01', {created.ToUnixTimeMilliseconds()}, {created.ToUnixTimeMilliseconds()},
                        {created.AddDays(14).ToUnixTimeMilliseconds()}, {created.AddDays(30).ToUnixTimeMilliseconds()});
                """);
        }

        SqliteConnection.ClearAllPools();
        using var migrated = new SqliteDatabase(path);
        var session = await new SqliteSessionRepository(migrated).FindByIdAsync(sessionId, CancellationToken.None);

        Assert.NotNull(session);
        Assert.Equal(AuthenticationMethods.Password, session.Methods);
        Assert.Equal(created, session.AuthenticatedAt);
        Assert.Null(session.SecondFactorAt);
        using var check = migrated.Open();
        using var stored = check.CreateCommand();
        stored.CommandText = "SELECT amr, auth_time FROM sessions";
        using var reader = stored.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("pwd", reader.GetString(0));
        Assert.Equal(created.ToUnixTimeMilliseconds(), reader.GetInt64(1));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100", Justification = "Test-made SQL, no input.")]
    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
