using System.Security.Cryptography;
using System.Text;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Lockout;
using Latch.Domain.Users;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// Failure counts keyed by HMAC-SHA-256 of the normalised email under a key derived from the pepper, as in the
/// SQLite store: the collection never holds an address, not even of people who mistyped theirs.
/// </summary>
internal sealed class MongoFailedLoginTracker(MongoStore store, byte[] emailKey) : IFailedLoginTracker
{
    private static readonly FindOneAndUpdateOptions<BsonDocument> UpsertReturningAfter = new()
    {
        IsUpsert = true,
        ReturnDocument = ReturnDocument.After,
    };

    public Task<FailedLogins> GetAsync(Email email, CancellationToken cancellationToken) => store.RunAsync(async () =>
        FailedLoginDocument.Read(await store.FailedLogins.Find(FailedLoginStatements.ByKey(Key(email)))
            .FirstOrDefaultAsync(cancellationToken)));

    public Task<FailedLogins> RecordFailureAsync(Email email, DateTimeOffset now, TimeSpan resetAfter,
        CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        var filter = FailedLoginStatements.ByKey(Key(email));
        var update = FailedLoginStatements.RecordFailure(now, resetAfter);
        try
        {
            return FailedLoginDocument.Read(
                await store.FailedLogins.FindOneAndUpdateAsync(filter, update, UpsertReturningAfter, cancellationToken));
        }
        catch (MongoCommandException exception) when (MongoErrors.IsDuplicateKey(exception))
        {
            // Two first failures upserted the same key at once and this one lost the insert: the document
            // exists now, so the same update applies to it. (Servers from 4.2 retry this themselves.)
            return FailedLoginDocument.Read(
                await store.FailedLogins.FindOneAndUpdateAsync(filter, update, UpsertReturningAfter, cancellationToken));
        }
    });

    public Task ResetAsync(Email email, CancellationToken cancellationToken) =>
        store.RunAsync(() => store.FailedLogins.DeleteOneAsync(FailedLoginStatements.ByKey(Key(email)), cancellationToken));

    private byte[] Key(Email email) => HMACSHA256.HashData(emailKey, Encoding.UTF8.GetBytes(email.Value));
}
