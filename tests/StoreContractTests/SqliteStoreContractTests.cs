using System.Security.Cryptography;
using Latch.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace Latch.StoreContractTests;

/// <summary>The contract against the embedded store: always runs.</summary>
public sealed class SqliteStoreContractTests(SqliteStoreFixture fixture) : StoreContract(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class SqliteStoreFixture : IStoreFixture, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("latch-contract-").FullName;
    private readonly SqliteDatabase _database;

    public SqliteStoreFixture()
    {
        _database = new SqliteDatabase(Path.Combine(_directory, "contract.db"));
        Stores = new Stores(
            new SqliteUserRepository(_database),
            new SqliteSessionRepository(_database),
            new SqliteFailedLoginTracker(_database, RandomNumberGenerator.GetBytes(32)));
    }

    public string? SkipReason => null;

    public Stores Stores { get; }

    public void Dispose()
    {
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS temp cleanup.
        }
    }
}
