using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>The filters and the update of <see cref="MongoFailedLoginTracker"/>, built here so tests can render them.</summary>
internal static class FailedLoginStatements
{
    public static FilterDefinition<BsonDocument> ByKey(byte[] key) => Builders<BsonDocument>.Filter.Eq(FailedLoginDocument.Key, key);

    /// <summary>
    /// One more failure, as one pipeline update (upserted): the count goes up by one while the last failure is
    /// newer than <c>now − resetAfter</c>, and restarts at one otherwise — or when there is no document yet,
    /// since a missing <c>lastFailureAt</c> compares lower than any date.
    /// </summary>
    public static UpdateDefinition<BsonDocument> RecordFailure(DateTimeOffset now, TimeSpan resetAfter)
    {
        var failures = "$" + FailedLoginDocument.Failures.Name;
        var lastFailureAt = "$" + FailedLoginDocument.LastFailureAt.Name;
        var stage = new BsonDocument("$set", new BsonDocument
        {
            {
                FailedLoginDocument.Failures.Name, new BsonDocument("$cond", new BsonDocument
                {
                    { "if", new BsonDocument("$gt", new BsonArray { lastFailureAt, Date(now - resetAfter) }) },
                    { "then", new BsonDocument("$add", new BsonArray { failures, 1 }) },
                    { "else", 1 },
                })
            },
            { FailedLoginDocument.LastFailureAt.Name, Date(now) },
            { FailedLoginDocument.ExpiresAt.Name, Date(now + resetAfter) },
        });
        return Builders<BsonDocument>.Update.Pipeline(
            new BsonDocumentStagePipelineDefinition<BsonDocument, BsonDocument>([stage]));
    }

    private static BsonDateTime Date(DateTimeOffset instant) => new(instant.ToUnixTimeMilliseconds());
}
