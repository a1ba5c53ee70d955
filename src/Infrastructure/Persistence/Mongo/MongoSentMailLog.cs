using Latch.Application.Common.Interfaces;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// The sent-mail log in MongoDB: a claim is one document whose <c>_id</c> is the email's key, so the unique <c>_id</c>
/// decides between two concurrent deliveries; the TTL index on <c>expiresAt</c> (<see cref="MongoIndexes.SentMail"/>,
/// made at start-up with the others) removes it when its time is up.
/// </summary>
internal sealed class MongoSentMailLog(MongoStore store) : ISentMailLog
{
    public const string Collection = "sent_mail";
    public const string ExpiresAt = "expiresAt";

    public Task<bool> TryClaimAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        try
        {
            await store.SentMail.InsertOneAsync(new BsonDocument { ["_id"] = key, [ExpiresAt] = expiresAt.UtcDateTime },
                cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception e) when (MongoErrors.IsDuplicateKey(e))
        {
            return false;
        }
    });

    public Task ReleaseAsync(string key, CancellationToken cancellationToken) =>
        store.RunAsync(() => store.SentMail.DeleteOneAsync(Builders<BsonDocument>.Filter.Eq("_id", key), cancellationToken));
}
