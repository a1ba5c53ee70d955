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

    /// <summary>
    /// No foreign keys and no cross-document atomicity here, so: insert, then read the user. If it is gone or its
    /// credential has moved on, the session is deleted again and refused. Otherwise the session was in the store
    /// before that read, hence before any later deletion's or password change's sweep of the user's sessions, which
    /// will end it (ADR 0006).
    /// </summary>
    public Task<bool> TryStartAsync(Session session, CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        await store.Sessions.InsertOneAsync(session, options: null, cancellationToken);
        var user = await store.Users.Find(UserStatements.ById(session.UserId)).FirstOrDefaultAsync(cancellationToken);
        if (user is not null && user.CredentialVersion == session.CredentialVersion)
        {
            return true;
        }

        // Not the request's token: the refused session must not be left behind by a client that went away.
        await store.Sessions.DeleteOneAsync(SessionStatements.ById(session.Id), CancellationToken.None);
        return false;
    });

    public Task RestampAsync(SessionId id, long credentialVersion, CancellationToken cancellationToken) =>
        store.RunAsync(() => store.Sessions.UpdateOneAsync(
            SessionStatements.Active(id), SessionStatements.Restamp(credentialVersion), options: null, cancellationToken));

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

    public Task<bool> TryRecordSecondFactorAsync(Session session, CancellationToken cancellationToken) =>
        store.RunAsync(async () =>
        {
            var result = await store.Sessions.UpdateOneAsync(
                SessionStatements.Active(session.Id), SessionStatements.RecordSecondFactor(session), options: null, cancellationToken);
            return result.MatchedCount == 1;
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
