using Latch.Domain.Sessions;
using Latch.Domain.Users;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>The filters, updates and sorts of <see cref="MongoSessionRepository"/>, built here so tests can render them.</summary>
internal static class SessionStatements
{
    private static FilterDefinitionBuilder<Session> Filter => Builders<Session>.Filter;

    private static UpdateDefinitionBuilder<Session> Update => Builders<Session>.Update;

    public static FilterDefinition<Session> ById(SessionId id) => Filter.Eq(SessionDocument.Id, id.Value);

    public static FilterDefinition<Session> ByUser(UserId userId) => Filter.Eq(SessionDocument.UserId, userId.Value);

    /// <summary>
    /// The compare-and-swap of a rotation: the session still at the expected generation, still holding the hash
    /// of the token being replaced, and not revoked. Of concurrent rotations of one token exactly one matches.
    /// </summary>
    public static FilterDefinition<Session> Rotation(SessionId id, long expectedGeneration, byte[] expectedSecretHash) =>
        Filter.Eq(SessionDocument.Id, id.Value)
        & Filter.Eq(SessionDocument.Generation, expectedGeneration)
        & Filter.Eq(SessionDocument.SecretHash, expectedSecretHash)
        & Filter.Eq(SessionDocument.RevokedAt, null);

    /// <summary>What a rotation changes — and <c>expiresAt</c>, which moves with the idle expiry.</summary>
    public static UpdateDefinition<Session> Rotate(Session rotated) => Update
        .Set(SessionDocument.Generation, rotated.Generation)
        .Set(SessionDocument.SecretHash, rotated.SecretHash)
        .Set(SessionDocument.SealedSuccessor, rotated.SealedSuccessor)
        .Set(SessionDocument.RotatedAt, rotated.RotatedAt)
        .Set(SessionDocument.LastUsedAt, rotated.LastUsedAt)
        .Set(SessionDocument.IdleExpiresAt, rotated.IdleExpiresAt)
        .Set(SessionDocument.ExpiresAt, rotated.ExpiresAt);

    /// <summary>Only whether a document matched matters, so only its id comes back.</summary>
    public static ProjectionDefinition<Session, BsonDocument> IdOnly { get; } =
        new BsonDocumentProjectionDefinition<Session, BsonDocument>(new BsonDocument(SessionDocument.Id.Name, 1));

    /// <summary>A new credential version for one session still active: the one that changed the password.</summary>
    public static UpdateDefinition<Session> Restamp(long credentialVersion) => Update.Set(SessionDocument.CredentialVersion, credentialVersion);

    /// <summary>A second factor proved on the session: its methods and the proof's time, nothing else.</summary>
    public static UpdateDefinition<Session> RecordSecondFactor(Session session) => Update
        .Set(SessionDocument.Methods, Amr.Format(session.Methods))
        .Set(SessionDocument.SecondFactorAt, session.SecondFactorAt);

    public static FilterDefinition<Session> Active(SessionId id) =>
        Filter.Eq(SessionDocument.Id, id.Value) & Filter.Eq(SessionDocument.RevokedAt, null);

    public static FilterDefinition<Session> ActiveOfUser(UserId userId, SessionId? except)
    {
        var filter = Filter.Eq(SessionDocument.UserId, userId.Value) & Filter.Eq(SessionDocument.RevokedAt, null);
        return except is { } keep ? filter & Filter.Ne(SessionDocument.Id, keep.Value) : filter;
    }

    /// <summary>Every session not yet revoked, of every user: the admin's revoke-all after a compromise.</summary>
    public static FilterDefinition<Session> AllActive { get; } = Filter.Eq(SessionDocument.RevokedAt, null);

    public static UpdateDefinition<Session> Revoke(DateTimeOffset at, RevocationReason reason) => Update
        .Set(SessionDocument.RevokedAt, at)
        .Set(SessionDocument.RevocationReason, reason);

    /// <summary>Neither revoked nor expired at <paramref name="now"/>: <c>expiresAt</c> is the earlier of the two expiries.</summary>
    public static FilterDefinition<Session> ListedForUser(UserId userId, DateTimeOffset now) =>
        Filter.Eq(SessionDocument.UserId, userId.Value)
        & Filter.Eq(SessionDocument.RevokedAt, null)
        & Filter.Gt(SessionDocument.ExpiresAt, now);

    /// <summary>Newest first; the id (a version-7 GUID) breaks ties, as in the SQLite store.</summary>
    public static SortDefinition<Session> NewestFirst { get; } =
        Builders<Session>.Sort.Descending(SessionDocument.CreatedAt).Descending(SessionDocument.Id);
}
