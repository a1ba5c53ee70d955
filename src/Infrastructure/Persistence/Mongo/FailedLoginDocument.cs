using Latch.Domain.Lockout;
using MongoDB.Bson;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// The <c>failedLogins</c> document: <c>{ _id: HMAC-SHA-256 of the normalised email or device key, failures: Int32,
/// lastFailureAt: Date, expiresAt: Date, granted: Boolean }</c>. It never holds an address; <c>expiresAt</c> (the
/// moment the count would reset anyway) feeds a TTL index, so quiet emails leave the collection by themselves;
/// <c>granted</c> is the decision of the last reservation, read back from the document it returns.
/// A counter, not an aggregate: it is only ever upserted by one pipeline update, so it stays a BsonDocument.
/// </summary>
internal static class FailedLoginDocument
{
    public const string Collection = "failedLogins";

    public static readonly BsonField<BsonDocument, byte[]> Key = new("_id", BsonValues.Bytes);
    public static readonly BsonField<BsonDocument, int> Failures = new("failures", BsonValues.Int32);
    public static readonly BsonField<BsonDocument, DateTimeOffset> LastFailureAt = new("lastFailureAt", BsonValues.Instant);
    public static readonly BsonField<BsonDocument, DateTimeOffset> ExpiresAt = new("expiresAt", BsonValues.Instant);
    public static readonly BsonField<BsonDocument, bool> Granted = new("granted", BsonValues.Boolean);

    public static FailedLogins Read(BsonDocument? document) => document is null
        ? FailedLogins.None
        : new FailedLogins(
            document[Failures.Name].AsInt32,
            new DateTimeOffset(document[LastFailureAt.Name].ToUniversalTime(), TimeSpan.Zero));

    /// <summary>The document a reservation returned: its decision and the count after it.</summary>
    public static AttemptReservation ReadReservation(BsonDocument document) =>
        new(document[Granted.Name].AsBoolean, Read(document));
}
