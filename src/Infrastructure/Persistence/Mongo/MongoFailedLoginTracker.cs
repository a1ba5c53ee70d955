using System.Security.Cryptography;
using System.Text;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Lockout;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// Failure budgets keyed by HMAC-SHA-256 of the normalised email (or of the device key) under a key derived from the
/// pepper, as in the SQLite store: the collection never holds an address, not even of people who mistyped theirs.
/// </summary>
internal sealed class MongoFailedLoginTracker(MongoStore store, byte[] emailKey) : IFailedLoginTracker
{
    private static readonly FindOneAndUpdateOptions<BsonDocument> UpsertReturningAfter = new()
    {
        IsUpsert = true,
        ReturnDocument = ReturnDocument.After,
    };

    public Task<FailedLogins> GetAsync(AttemptKey key, CancellationToken cancellationToken) => store.RunAsync(async () =>
        FailedLoginDocument.Read(await store.FailedLogins.Find(FailedLoginStatements.ByKey(Key(key)))
            .FirstOrDefaultAsync(cancellationToken)));

    public Task<AttemptReservation> ReserveAsync(AttemptKey key, DateTimeOffset now, LockoutPolicy policy,
        CancellationToken cancellationToken) =>
        FindAndReserveAsync(key, FailedLoginStatements.Reserve(now, policy), cancellationToken);

    /// <summary>One upserting findAndModify of a pipeline that decides <c>granted</c> and counts only when granted.</summary>
    private Task<AttemptReservation> FindAndReserveAsync(AttemptKey key, UpdateDefinition<BsonDocument> update,
        CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        var filter = FailedLoginStatements.ByKey(Key(key));
        BsonDocument? after;
        try
        {
            after = await store.FailedLogins.FindOneAndUpdateAsync(filter, update, UpsertReturningAfter, cancellationToken);
        }
        catch (MongoCommandException exception) when (MongoErrors.IsDuplicateKey(exception))
        {
            // Two first attempts upserted the same key at once and this one lost the insert: the document exists
            // now, so the same update applies to it. (Servers from 4.2 retry this themselves.)
            after = await store.FailedLogins.FindOneAndUpdateAsync(filter, update, UpsertReturningAfter, cancellationToken);
        }

        // An upsert answered with the document after it always returns one.
        return FailedLoginDocument.ReadReservation(after ?? throw new InvalidOperationException(
            "The reservation's findAndModify returned no document."));
    });

    public Task<AttemptReservation> ReserveUpToAsync(AttemptKey key, int limit, DateTimeOffset now, TimeSpan keepFor,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return FindAndReserveAsync(key, FailedLoginStatements.ReserveUpTo(limit, now, keepFor), cancellationToken);
    }

    public Task ReleaseAsync(AttemptKey key, CancellationToken cancellationToken) =>
        store.RunAsync(() => store.FailedLogins.UpdateOneAsync(
            FailedLoginStatements.Releasable(Key(key)), FailedLoginStatements.Release, options: null, cancellationToken));

    public Task ResetAsync(AttemptKey key, CancellationToken cancellationToken) =>
        store.RunAsync(() => store.FailedLogins.DeleteOneAsync(FailedLoginStatements.ByKey(Key(key)), cancellationToken));

    private byte[] Key(AttemptKey key) => HMACSHA256.HashData(emailKey, Encoding.UTF8.GetBytes(key.Value));
}
