using Latch.Domain.Sessions;
using Latch.Domain.Users;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// The <c>sessions</c> document: every field of <see cref="Session"/>, plus <c>expiresAt</c> — the earlier of
/// the idle and absolute expiries, kept in step on every write for the TTL index that lets MongoDB delete
/// ended sessions by itself. Optional fields are written as explicit nulls. <c>credentialVersion</c> (Int64) came
/// later: a document without it was written before password changes were counted, and reads as the first version.
/// <c>amr</c> (the RFC 8176 names, space-separated), <c>authTime</c> and <c>secondFactorAt</c> came with step-up: a
/// document without them was a password sign-in at its <c>createdAt</c>, with no second factor proved.
/// </summary>
internal static class SessionDocument
{
    public const string Collection = "sessions";

    public static readonly BsonDocumentMap<Session> Map = new(Collection);

    public static readonly BsonField<Session, Guid> Id = Map.Required("_id", BsonValues.Id, s => s.Id.Value);
    public static readonly BsonField<Session, Guid> UserId = Map.Required("userId", BsonValues.Id, s => s.UserId.Value);
    public static readonly BsonField<Session, long> Generation = Map.Required("generation", BsonValues.Int64, s => s.Generation);
    public static readonly BsonField<Session, byte[]> SecretHash = Map.Required("secretHash", BsonValues.Bytes, s => s.SecretHash);
    public static readonly BsonField<Session, byte[]?> SealedSuccessor =
        Map.Optional("sealedSuccessor", BsonValues.NullableBytes, s => s.SealedSuccessor, absent: null);
    public static readonly BsonField<Session, DateTimeOffset?> RotatedAt =
        Map.Optional("rotatedAt", BsonValues.NullableInstant, s => s.RotatedAt, absent: null);
    public static readonly BsonField<Session, DateTimeOffset> CreatedAt = Map.Required("createdAt", BsonValues.Instant, s => s.CreatedAt);
    public static readonly BsonField<Session, DateTimeOffset> LastUsedAt = Map.Required("lastUsedAt", BsonValues.Instant, s => s.LastUsedAt);
    public static readonly BsonField<Session, DateTimeOffset> IdleExpiresAt =
        Map.Required("idleExpiresAt", BsonValues.Instant, s => s.IdleExpiresAt);
    public static readonly BsonField<Session, DateTimeOffset> AbsoluteExpiresAt =
        Map.Required("absoluteExpiresAt", BsonValues.Instant, s => s.AbsoluteExpiresAt);

    /// <summary>The earlier of the two expiries, for the TTL index only: derived on every write, never read back.</summary>
    public static readonly BsonField<Session, DateTimeOffset> ExpiresAt = Map.Derived("expiresAt", BsonValues.Instant, s => s.ExpiresAt);
    public static readonly BsonField<Session, DateTimeOffset?> RevokedAt =
        Map.Optional("revokedAt", BsonValues.NullableInstant, s => s.RevokedAt, absent: null);
    public static readonly BsonField<Session, RevocationReason?> RevocationReason =
        Map.Optional("revocationReason", BsonValues.NullableReason, s => s.RevocationReason, absent: null);
    public static readonly BsonField<Session, string?> UserAgent =
        Map.Optional("userAgent", BsonValues.NullableString, s => s.UserAgent, absent: null);
    public static readonly BsonField<Session, string?> IpAddress =
        Map.Optional("ipAddress", BsonValues.NullableString, s => s.IpAddress, absent: null);
    public static readonly BsonField<Session, long> CredentialVersion =
        Map.Optional("credentialVersion", BsonValues.Int64, s => s.CredentialVersion, absent: 1);
    public static readonly BsonField<Session, string> Methods =
        Map.Optional("amr", BsonValues.String, s => Amr.Format(s.Methods), absent: Amr.Password);
    public static readonly BsonField<Session, DateTimeOffset?> AuthenticatedAt =
        Map.Optional("authTime", BsonValues.NullableInstant, s => s.AuthenticatedAt, absent: null);
    public static readonly BsonField<Session, DateTimeOffset?> SecondFactorAt =
        Map.Optional("secondFactorAt", BsonValues.NullableInstant, s => s.SecondFactorAt, absent: null);
}

/// <summary>Writes and reads a <see cref="Session"/> through its field table; the domain type carries no BSON attribute.</summary>
internal sealed class SessionSerializer : SealedClassSerializerBase<Session>
{
    protected override void SerializeValue(BsonSerializationContext context, BsonSerializationArgs args, Session value) =>
        SessionDocument.Map.Write(context, value);

    protected override Session DeserializeValue(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        var fields = SessionDocument.Map.Read(context);
        return Session.Restore(
            new SessionId(fields.Get(SessionDocument.Id)),
            new UserId(fields.Get(SessionDocument.UserId)),
            fields.Get(SessionDocument.Generation),
            fields.Get(SessionDocument.SecretHash),
            fields.Get(SessionDocument.SealedSuccessor),
            fields.Get(SessionDocument.RotatedAt),
            fields.Get(SessionDocument.CreatedAt),
            fields.Get(SessionDocument.LastUsedAt),
            fields.Get(SessionDocument.IdleExpiresAt),
            fields.Get(SessionDocument.AbsoluteExpiresAt),
            fields.Get(SessionDocument.RevokedAt),
            fields.Get(SessionDocument.RevocationReason),
            fields.Get(SessionDocument.UserAgent),
            fields.Get(SessionDocument.IpAddress),
            fields.Get(SessionDocument.CredentialVersion),
            Amr.Parse(fields.Get(SessionDocument.Methods)),
            fields.Get(SessionDocument.AuthenticatedAt),
            fields.Get(SessionDocument.SecondFactorAt));
    }
}
