using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Persistence.Mongo;
using Latch.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.StoreContractTests;

/// <summary>
/// The sent-mail log each store keeps (de-duplication of redelivered queue messages): one claim per key, decided
/// atomically when two deliveries race, given back on a failed send, and gone once expired.
/// </summary>
public abstract class SentMailLogContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract ISentMailLog Open();

    [SkippableFact]
    public async Task A_key_is_claimed_once_until_it_is_released()
    {
        var log = Open();
        var key = $"{Guid.NewGuid():N}.verify";
        var until = DateTimeOffset.UtcNow.AddHours(1);

        Assert.True(await log.TryClaimAsync(key, until, None));
        Assert.False(await log.TryClaimAsync(key, until, None));
        Assert.True(await log.TryClaimAsync($"{Guid.NewGuid():N}.verify", until, None));

        await log.ReleaseAsync(key, None);
        Assert.True(await log.TryClaimAsync(key, until, None));
    }

    [SkippableFact]
    public async Task Of_concurrent_claims_of_one_key_exactly_one_wins()
    {
        var log = Open();
        var key = $"{Guid.NewGuid():N}.reset";
        var until = DateTimeOffset.UtcNow.AddHours(1);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => log.TryClaimAsync(key, until, None))));

        Assert.Single(results, claimed => claimed);
    }
}

/// <summary>The SQLite log: always runs; an expired claim is taken over at once.</summary>
public sealed class SqliteSentMailLogContract : SentMailLogContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("latch-sent-mail-").FullName;
    private readonly SqliteDatabase _database;

    public SqliteSentMailLogContract() => _database = new SqliteDatabase(Path.Combine(_directory, "contract.db"));

    protected override ISentMailLog Open() => new SqliteSentMailLog(_database, TimeProvider.System);

    [Fact]
    public async Task An_expired_claim_no_longer_stops_a_new_one_and_expired_rows_are_swept()
    {
        var log = Open();
        var key = $"{Guid.NewGuid():N}.verify";
        var stale = $"{Guid.NewGuid():N}.old";
        Assert.True(await log.TryClaimAsync(stale, DateTimeOffset.UtcNow.AddSeconds(-1), CancellationToken.None));
        Assert.True(await log.TryClaimAsync(key, DateTimeOffset.UtcNow.AddSeconds(-1), CancellationToken.None));

        Assert.True(await log.TryClaimAsync(key, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None));

        using var connection = _database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM sent_mail WHERE key = $key";
        count.Parameters.AddWithValue("$key", stale);
        Assert.Equal(0L, (long)count.ExecuteScalar()!);
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

/// <summary>The MongoDB log: runs where the store contract's MongoDB runs; expiry is the TTL index's.</summary>
public sealed class MongoSentMailLogContract(MongoStoreFixture fixture) : SentMailLogContract, IClassFixture<MongoStoreFixture>
{
    protected override ISentMailLog Open()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        return new MongoSentMailLog(fixture.Store!);
    }

    [SkippableFact]
    public async Task The_claims_expire_by_a_TTL_index_on_expiresAt()
    {
        await Open().TryClaimAsync($"{Guid.NewGuid():N}.verify", DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);

        var indexes = await (await fixture.Store!.Database.GetCollection<BsonDocument>(MongoSentMailLog.Collection).Indexes.ListAsync())
            .ToListAsync();
        var ttl = Assert.Single(indexes, i => i["name"] == "expiresAt_ttl");
        Assert.Equal(0, ttl["expireAfterSeconds"].ToInt32());
        Assert.Equal(new BsonDocument(MongoSentMailLog.ExpiresAt, 1), ttl["key"].AsBsonDocument);
    }
}
