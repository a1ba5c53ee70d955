using Latch.Domain.Lockout;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>The filters and updates of <see cref="MongoFailedLoginTracker"/>, built here so tests can render them.</summary>
internal static class FailedLoginStatements
{
    private static string Failures => "$" + FailedLoginDocument.Failures.Name;

    private static string LastFailureAt => "$" + FailedLoginDocument.LastFailureAt.Name;

    public static FilterDefinition<BsonDocument> ByKey(byte[] key) => Builders<BsonDocument>.Filter.Eq(FailedLoginDocument.Key, key);

    /// <summary>
    /// <see cref="LockoutPolicy.Reserve"/> as one pipeline update (upserted, answered with the document after it): the
    /// first stage decides <c>granted</c> — the count is stale, under the free failures, or the window
    /// 2^(n − free) s (capped) has passed; a missing document passes, since missing fields compare lower than any
    /// number or date — and the second counts the attempt only when granted. One document, one findAndModify: atomic.
    /// </summary>
    public static UpdateDefinition<BsonDocument> Reserve(DateTimeOffset now, LockoutPolicy policy)
    {
        var stale = new BsonDocument("$lte", new BsonArray { LastFailureAt, Date(now - policy.ResetAfter) });
        var windowMs = new BsonDocument("$min", new BsonArray
        {
            new BsonDocument("$multiply", new BsonArray
            {
                new BsonDocument("$pow", new BsonArray { 2, new BsonDocument("$subtract", new BsonArray { Failures, policy.FreeFailures }) }),
                1000,
            }),
            (long)policy.MaxBackoff.TotalMilliseconds,
        });
        var decide = new BsonDocument("$set", new BsonDocument(FailedLoginDocument.Granted.Name, new BsonDocument("$or", new BsonArray
        {
            stale,
            new BsonDocument("$lt", new BsonArray { Failures, policy.FreeFailures }),
            new BsonDocument("$lte", new BsonArray { new BsonDocument("$add", new BsonArray { LastFailureAt, windowMs }), Date(now) }),
        })));
        var granted = "$" + FailedLoginDocument.Granted.Name;
        var count = new BsonDocument("$set", new BsonDocument
        {
            {
                FailedLoginDocument.Failures.Name, If(granted,
                    If(stale, 1, new BsonDocument("$add", new BsonArray { Failures, 1 })),
                    Failures)
            },
            { FailedLoginDocument.LastFailureAt.Name, If(granted, Date(now), LastFailureAt) },
            { FailedLoginDocument.ExpiresAt.Name, If(granted, Date(now + policy.ResetAfter), "$" + FailedLoginDocument.ExpiresAt.Name) },
        });
        return Builders<BsonDocument>.Update.Pipeline(
            new BsonDocumentStagePipelineDefinition<BsonDocument, BsonDocument>([decide, count]));
    }

    /// <summary>
    /// A hard cap as one pipeline update (upserted, answered with the document after it), in the same two stages as
    /// <see cref="Reserve"/>: <c>granted</c> while fewer than <paramref name="limit"/> are counted (a missing count
    /// compares lower than any number), and only then one more is counted and the expiry moved on.
    /// </summary>
    public static UpdateDefinition<BsonDocument> ReserveUpTo(int limit, DateTimeOffset now, TimeSpan keepFor)
    {
        var decide = new BsonDocument("$set", new BsonDocument(FailedLoginDocument.Granted.Name,
            new BsonDocument("$lt", new BsonArray { Failures, limit })));
        var granted = "$" + FailedLoginDocument.Granted.Name;
        var count = new BsonDocument("$set", new BsonDocument
        {
            {
                FailedLoginDocument.Failures.Name, If(granted,
                    new BsonDocument("$add", new BsonArray { new BsonDocument("$ifNull", new BsonArray { Failures, 0 }), 1 }),
                    Failures)
            },
            { FailedLoginDocument.LastFailureAt.Name, If(granted, Date(now), LastFailureAt) },
            { FailedLoginDocument.ExpiresAt.Name, If(granted, Date(now + keepFor), "$" + FailedLoginDocument.ExpiresAt.Name) },
        });
        return Builders<BsonDocument>.Update.Pipeline(
            new BsonDocumentStagePipelineDefinition<BsonDocument, BsonDocument>([decide, count]));
    }

    /// <summary>Gives one reservation back: the count goes down by one, never below zero.</summary>
    public static FilterDefinition<BsonDocument> Releasable(byte[] key) =>
        ByKey(key) & Builders<BsonDocument>.Filter.Gt(FailedLoginDocument.Failures, 0);

    public static UpdateDefinition<BsonDocument> Release { get; } = Builders<BsonDocument>.Update.Inc(FailedLoginDocument.Failures, -1);

    private static BsonDocument If(BsonValue condition, BsonValue then, BsonValue otherwise) =>
        new("$cond", new BsonDocument { { "if", condition }, { "then", then }, { "else", otherwise } });

    private static BsonDateTime Date(DateTimeOffset instant) => new(instant.ToUnixTimeMilliseconds());
}
