using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Persistence.Mongo;
using Latch.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.StoreContractTests;

/// <summary>The SQLite store: always runs; expired rows are swept by the next insert.</summary>
public sealed class SqliteEmailTokenStoreContract : EmailTokenStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("latch-email-tokens-").FullName;
    private readonly SqliteDatabase _database;

    public SqliteEmailTokenStoreContract() => _database = new SqliteDatabase(Path.Combine(_directory, "contract.db"));

    protected override IEmailTokenStore Open() => new SqliteEmailTokenStore(_database, TimeProvider.System);

    [Fact]
    public async Task Expired_rows_are_swept_by_the_next_insert()
    {
        var store = Open();
        var stale = NewToken(EmailTokenPurpose.Verification, Now.AddSeconds(-1));
        await store.AddAsync(stale, CancellationToken.None);
        await store.AddAsync(NewToken(EmailTokenPurpose.Verification, Now.AddHours(24)), CancellationToken.None);

        using var connection = _database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM email_tokens WHERE hash = $hash";
        count.Parameters.AddWithValue("$hash", stale.Hash);
        Assert.Equal(0L, (long)count.ExecuteScalar()!);
    }

    [Fact]
    public async Task The_token_itself_is_never_stored_only_its_hash()
    {
        await Open().AddAsync(NewToken(EmailTokenPurpose.PasswordReset, Now.AddMinutes(30)), CancellationToken.None);

        using var connection = _database.Open();
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT name FROM pragma_table_info('email_tokens')";
        using var reader = columns.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        Assert.Contains("hash", names);
        Assert.DoesNotContain("token", names);
    }

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
        }
    }
}

/// <summary>The MongoDB store: runs where the store contract's MongoDB runs; expiry is the TTL index's.</summary>
public sealed class MongoEmailTokenStoreContract(MongoStoreFixture fixture) : EmailTokenStoreContract, IClassFixture<MongoStoreFixture>
{
    protected override IEmailTokenStore Open()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        return new MongoEmailTokenStore(fixture.Store!);
    }

    [SkippableFact]
    public async Task The_tokens_expire_by_a_TTL_index_on_expiresAt()
    {
        await Open().AddAsync(NewToken(EmailTokenPurpose.Verification, Now.AddHours(24)), CancellationToken.None);

        var indexes = await (await fixture.Store!.Database.GetCollection<BsonDocument>(MongoEmailTokenStore.Collection).Indexes.ListAsync())
            .ToListAsync();
        var ttl = Assert.Single(indexes, i => i["name"] == "expiresAt_ttl");
        Assert.Equal(0, ttl["expireAfterSeconds"].ToInt32());
        Assert.Equal(new BsonDocument(MongoEmailTokenStore.ExpiresAt, 1), ttl["key"].AsBsonDocument);
        Assert.Equal(new BsonDocument("email", 1), Assert.Single(indexes, i => i["name"] == "email")["key"].AsBsonDocument);
    }
}
