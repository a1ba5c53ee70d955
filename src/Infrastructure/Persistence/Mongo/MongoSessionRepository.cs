using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

internal sealed class MongoSessionRepository(MongoStore store) : ISessionRepository
{
    private static readonly FindOneAndUpdateOptions<Session, BsonDocument> RotateOptions = new()
    {
        Projection = SessionStatements.IdOnly,
        ReturnDocument = ReturnDocument.Before,
    };

    public Task AddAsync(Session session, CancellationToken cancellationToken) =>
        store.RunAsync(() => store.Sessions.InsertOneAsync(session, options: null, cancellationToken));

    public Task<Session?> FindByIdAsync(SessionId id, CancellationToken cancellationToken) =>
        store.RunAsync<Session?>(async () =>
            await store.Sessions.Find(SessionStatements.ById(id)).FirstOrDefaultAsync(cancellationToken));

    /// <summary>
    /// One findAndModify, atomic on the one document: no transaction, and of concurrent rotations exactly one
    /// finds the expected generation and hash still in place.
    /// </summary>
    public Task<bool> TryRotateAsync(Session rotated, long expectedGeneration, byte[] expectedSecretHash,
        CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        var before = await store.Sessions.FindOneAndUpdateAsync(
            SessionStatements.Rotation(rotated.Id, expectedGeneration, expectedSecretHash),
            SessionStatements.Rotate(rotated),
            RotateOptions,
            cancellationToken);
        return before is not null;
    });

    public Task<bool> RevokeAsync(SessionId id, DateTimeOffset at, RevocationReason reason, CancellationToken cancellationToken) =>
        store.RunAsync(async () =>
        {
            var result = await store.Sessions.UpdateOneAsync(
                SessionStatements.Active(id), SessionStatements.Revoke(at, reason), options: null, cancellationToken);
            return result.ModifiedCount == 1;
        });

    public Task<int> RevokeAllForUserAsync(UserId userId, SessionId? except, DateTimeOffset at, RevocationReason reason,
        CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        var result = await store.Sessions.UpdateManyAsync(
            SessionStatements.ActiveOfUser(userId, except), SessionStatements.Revoke(at, reason), options: null, cancellationToken);
        return checked((int)result.ModifiedCount);
    });

    public Task<int> RevokeAllAsync(DateTimeOffset at, RevocationReason reason, CancellationToken cancellationToken) =>
        store.RunAsync(async () =>
        {
            var result = await store.Sessions.UpdateManyAsync(
                SessionStatements.AllActive, SessionStatements.Revoke(at, reason), options: null, cancellationToken);
            return checked((int)result.ModifiedCount);
        });

    public Task<IReadOnlyList<Session>> ListActiveForUserAsync(UserId userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.RunAsync<IReadOnlyList<Session>>(async () => await store.Sessions
            .Find(SessionStatements.ListedForUser(userId, now))
            .Sort(SessionStatements.NewestFirst)
            .ToListAsync(cancellationToken));
}
