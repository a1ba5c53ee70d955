using Latch.Domain.Sessions;
using Latch.Domain.Users;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// Every index the store relies on, with fixed names so that creating them again is a no-op.
/// See docs/decisions/0006-mongo-store.md for the TTL choices.
/// </summary>
internal static class MongoIndexes
{
    /// <summary>Revoked sessions can do nothing any more; they are kept a day for incident review, then deleted.</summary>
    public static readonly TimeSpan RevokedSessionRetention = TimeSpan.FromDays(1);

    /// <summary>The normalised email is unique: this index, not a read before the insert, decides registration races.</summary>
    public static IReadOnlyList<CreateIndexModel<User>> Users { get; } =
    [
        new(Builders<User>.IndexKeys.Ascending(UserDocument.Email),
            new CreateIndexOptions { Name = "email_unique", Unique = true }),
    ];

    public static IReadOnlyList<CreateIndexModel<Session>> Sessions { get; } =
    [
        // The current refresh token's hash: two sessions can never hold the same token.
        new(Builders<Session>.IndexKeys.Ascending(SessionDocument.SecretHash),
            new CreateIndexOptions { Name = "secretHash_unique", Unique = true }),

        // A user's sessions, newest first: listing, revoking all, and deleting with the account.
        new(Builders<Session>.IndexKeys.Ascending(SessionDocument.UserId)
                .Descending(SessionDocument.CreatedAt).Descending(SessionDocument.Id),
            new CreateIndexOptions { Name = "userId_createdAt" }),

        // MongoDB deletes a session once it has expired (idle or absolute, whichever came first).
        new(Builders<Session>.IndexKeys.Ascending(SessionDocument.ExpiresAt),
            new CreateIndexOptions { Name = "expiresAt_ttl", ExpireAfter = TimeSpan.Zero }),

        // ... and a day after it was revoked. Partial: active sessions take no room in it.
        new(Builders<Session>.IndexKeys.Ascending(SessionDocument.RevokedAt),
            new CreateIndexOptions<Session>
            {
                Name = "revokedAt_ttl",
                ExpireAfter = RevokedSessionRetention,
                PartialFilterExpression = Builders<Session>.Filter.Type(SessionDocument.RevokedAt.Name, BsonType.DateTime),
            }),
    ];

    /// <summary>Failure counts leave by themselves once they would have reset anyway.</summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> FailedLogins { get; } =
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending(FailedLoginDocument.ExpiresAt),
            new CreateIndexOptions { Name = "expiresAt_ttl", ExpireAfter = TimeSpan.Zero }),
    ];

    /// <summary>
    /// An emailed token is refused once expired (the consume filter); the TTL index then deletes it, so an unused
    /// token's keyed hash and pending registration do not outlive its lifetime by more than the TTL monitor's minute.
    /// </summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> EmailTokens { get; } =
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending(EmailTokenStatements.ExpiresAt),
            new CreateIndexOptions { Name = "expiresAt_ttl", ExpireAfter = TimeSpan.Zero }),

        // An address's links, voided together when its account is deleted.
        new(Builders<BsonDocument>.IndexKeys.Ascending(EmailTokenStatements.Email), new CreateIndexOptions { Name = "email" }),
    ];

    /// <summary>A sent email's claim is remembered for the de-duplication window, then deleted.</summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> SentMail { get; } =
    [
        new(Builders<BsonDocument>.IndexKeys.Ascending(MongoSentMailLog.ExpiresAt),
            new CreateIndexOptions { Name = "expiresAt_ttl", ExpireAfter = TimeSpan.Zero }),
    ];
}
