using Latch.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Latch.UnitTests.Infrastructure.Persistence.Sqlite;

public sealed class PreparedReadsTests : IDisposable
{
    private const string ById = "SELECT name FROM items WHERE id = $id";
    private readonly string _directory = Directory.CreateTempSubdirectory("latch-reads-").FullName;
    private readonly string _connectionString;

    public PreparedReadsTests()
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_directory, "reads.db"),
            Pooling = true,
        }.ToString();
        Execute("PRAGMA journal_mode = WAL; CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
    }

    [Fact]
    public void A_kept_statement_sees_rows_written_after_it_was_prepared()
    {
        using var reads = new PreparedReads(_connectionString, maxIdle: 1);
        Assert.Null(Name(reads, 1));

        Execute("INSERT INTO items VALUES (1, 'first')");
        Assert.Equal("first", Name(reads, 1));

        Execute("UPDATE items SET name = 'renamed' WHERE id = 1");
        Assert.Equal("renamed", Name(reads, 1));

        Execute("DELETE FROM items WHERE id = 1");
        Assert.Null(Name(reads, 1));
    }

    [Fact]
    public void A_read_leaves_no_transaction_open_that_would_hold_back_a_checkpoint()
    {
        using var reads = new PreparedReads(_connectionString, maxIdle: 4);
        Execute("INSERT INTO items VALUES (1, 'first')");
        Assert.Equal("first", Name(reads, 1));

        // A reader still inside its read transaction would keep the WAL from being reset (busy = 1).
        using var connection = Open();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        using var result = checkpoint.ExecuteReader();
        Assert.True(result.Read());
        Assert.Equal(0L, result.GetInt64(0));
    }

    [Fact]
    public async Task Concurrent_reads_each_get_their_own_row()
    {
        for (var i = 0; i < 50; i++)
        {
            Execute($"INSERT INTO items VALUES ({i}, 'item {i}')");
        }

        using var reads = new PreparedReads(_connectionString, maxIdle: 2);
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var round = 0; round < 200; round++)
            {
                var id = (w * 7 + round) % 50;
                Assert.Equal($"item {id}", Name(reads, id));
            }
        }));
        await Task.WhenAll(workers);
    }

    [Fact]
    public void A_failed_read_throws_and_the_next_read_works()
    {
        using var reads = new PreparedReads(_connectionString, maxIdle: 1);
        Execute("INSERT INTO items VALUES (1, 'first')");
        Assert.Throws<InvalidOperationException>(() =>
            reads.ReadSingle<string>(ById, "$id", 1L, _ => throw new InvalidOperationException("mapping failed")));
        Assert.Equal("first", Name(reads, 1));
    }

    [Fact]
    public void Reads_after_disposal_are_refused()
    {
        var reads = new PreparedReads(_connectionString, maxIdle: 1);
        reads.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Name(reads, 1));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static string? Name(PreparedReads reads, long id) => reads.ReadSingle(ById, "$id", id, r => r.GetString(0));

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant test SQL
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }
}
