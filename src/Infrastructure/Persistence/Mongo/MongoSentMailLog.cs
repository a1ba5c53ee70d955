using Latch.Application.Common.Interfaces;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// The sent-mail log in MongoDB: a claim is one document whose <c>_id</c> is the email's key, so the unique <c>_id</c>
/// decides between two concurrent deliveries; a TTL index on <c>expiresAt</c> removes it when its time is up. Its
/// collection and index are made on first use (createIndexes is idempotent), apart from the store's start-up indexes.
/// </summary>
internal sealed class MongoSentMailLog(MongoStore store) : ISentMailLog
{
    public const string Collection = "sent_mail";
    public const string ExpiresAt = "expiresAt";

    private readonly IMongoCollection<BsonDocument> _claims = store.Database.GetCollection<BsonDocument>(Collection);
    private int _indexed;

    public Task<bool> TryClaimAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        if (Volatile.Read(ref _indexed) == 0)
        {
            await _claims.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
                Builders<BsonDocument>.IndexKeys.Ascending(ExpiresAt),
                new CreateIndexOptions { Name = "expiresAt_ttl", ExpireAfter = TimeSpan.Zero }), cancellationToken: cancellationToken);
            Volatile.Write(ref _indexed, 1);
        }

        try
        {
            await _claims.InsertOneAsync(new BsonDocument { ["_id"] = key, [ExpiresAt] = expiresAt.UtcDateTime },
                cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception e) when (MongoErrors.IsDuplicateKey(e))
        {
            return false;
        }
    });

    public Task ReleaseAsync(string key, CancellationToken cancellationToken) =>
        store.RunAsync(() => _claims.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", key), cancellationToken));
}
