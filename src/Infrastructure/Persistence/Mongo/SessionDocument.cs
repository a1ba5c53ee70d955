using Latch.Domain.Sessions;
using Latch.Domain.Users;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// The <c>sessions</c> document: every field of <see cref="Session"/>, plus <c>expiresAt</c> — the earlier of
/// the idle and absolute expiries, kept in step on every write for the TTL index that lets MongoDB delete
/// ended sessions by itself. Optional fields are written as explicit nulls. <c>credentialVersion</c> (Int64) came
/// later: a document without it was written before password changes were counted, and reads as the first version.
/// </summary>
internal static class SessionDocument
{
    public const string Collection = "sessions";

    public static readonly BsonField<Session, Guid> Id = new(Names.Id, BsonValues.Id);
    public static readonly BsonField<Session, Guid> UserId = new(Names.UserId, BsonValues.Id);
    public static readonly BsonField<Session, long> Generation = new(Names.Generation, BsonValues.Int64);
    public static readonly BsonField<Session, byte[]> SecretHash = new(Names.SecretHash, BsonValues.Bytes);
    public static readonly BsonField<Session, byte[]?> SealedSuccessor = new(Names.SealedSuccessor, BsonValues.NullableBytes);
    public static readonly BsonField<Session, DateTimeOffset?> RotatedAt = new(Names.RotatedAt, BsonValues.NullableInstant);
    public static readonly BsonField<Session, DateTimeOffset> CreatedAt = new(Names.CreatedAt, BsonValues.Instant);
    public static readonly BsonField<Session, DateTimeOffset> LastUsedAt = new(Names.LastUsedAt, BsonValues.Instant);
    public static readonly BsonField<Session, DateTimeOffset> IdleExpiresAt = new(Names.IdleExpiresAt, BsonValues.Instant);
    public static readonly BsonField<Session, DateTimeOffset> AbsoluteExpiresAt = new(Names.AbsoluteExpiresAt, BsonValues.Instant);
    public static readonly BsonField<Session, DateTimeOffset> ExpiresAt = new(Names.ExpiresAt, BsonValues.Instant);
    public static readonly BsonField<Session, DateTimeOffset?> RevokedAt = new(Names.RevokedAt, BsonValues.NullableInstant);
    public static readonly BsonField<Session, RevocationReason?> RevocationReason = new(Names.RevocationReason, BsonValues.NullableReason);
    public static readonly BsonField<Session, string?> UserAgent = new(Names.UserAgent, BsonValues.NullableString);
    public static readonly BsonField<Session, string?> IpAddress = new(Names.IpAddress, BsonValues.NullableString);
    public static readonly BsonField<Session, long> CredentialVersion = new(Names.CredentialVersion, BsonValues.Int64);

    public static class Names
    {
        public const string Id = "_id";
        public const string UserId = "userId";
        public const string Generation = "generation";
        public const string SecretHash = "secretHash";
        public const string SealedSuccessor = "sealedSuccessor";
        public const string RotatedAt = "rotatedAt";
        public const string CreatedAt = "createdAt";
        public const string LastUsedAt = "lastUsedAt";
        public const string IdleExpiresAt = "idleExpiresAt";
        public const string AbsoluteExpiresAt = "absoluteExpiresAt";
        public const string ExpiresAt = "expiresAt";
        public const string RevokedAt = "revokedAt";
        public const string RevocationReason = "revocationReason";
        public const string UserAgent = "userAgent";
        public const string IpAddress = "ipAddress";
        public const string CredentialVersion = "credentialVersion";
    }
}

/// <summary>Writes and reads a <see cref="Session"/> field by field; the domain type carries no BSON attribute.</summary>
internal sealed class SessionSerializer : SealedClassSerializerBase<Session>
{
    protected override void SerializeValue(BsonSerializationContext context, BsonSerializationArgs args, Session value)
    {
        var writer = context.Writer;
        writer.WriteStartDocument();
        SessionDocument.Id.Write(context, value.Id.Value);
        SessionDocument.UserId.Write(context, value.UserId.Value);
        SessionDocument.Generation.Write(context, value.Generation);
        SessionDocument.SecretHash.Write(context, value.SecretHash);
        SessionDocument.SealedSuccessor.Write(context, value.SealedSuccessor);
        SessionDocument.RotatedAt.Write(context, value.RotatedAt);
        SessionDocument.CreatedAt.Write(context, value.CreatedAt);
        SessionDocument.LastUsedAt.Write(context, value.LastUsedAt);
        SessionDocument.IdleExpiresAt.Write(context, value.IdleExpiresAt);
        SessionDocument.AbsoluteExpiresAt.Write(context, value.AbsoluteExpiresAt);
        SessionDocument.ExpiresAt.Write(context, value.ExpiresAt);
        SessionDocument.RevokedAt.Write(context, value.RevokedAt);
        SessionDocument.RevocationReason.Write(context, value.RevocationReason);
        SessionDocument.UserAgent.Write(context, value.UserAgent);
        SessionDocument.IpAddress.Write(context, value.IpAddress);
        SessionDocument.CredentialVersion.Write(context, value.CredentialVersion);
        writer.WriteEndDocument();
    }

    protected override Session DeserializeValue(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        Guid? id = null, userId = null;
        long? generation = null;
        byte[]? secretHash = null, sealedSuccessor = null;
        DateTimeOffset? rotatedAt = null, createdAt = null, lastUsedAt = null, idleExpiresAt = null, absoluteExpiresAt = null;
        DateTimeOffset? revokedAt = null;
        RevocationReason? reason = null;
        string? userAgent = null, ipAddress = null;
        long credentialVersion = 1;

        var reader = context.Reader;
        reader.ReadStartDocument();
        while (reader.ReadBsonType() != BsonType.EndOfDocument)
        {
            switch (reader.ReadName())
            {
                case SessionDocument.Names.Id: id = SessionDocument.Id.Read(context); break;
                case SessionDocument.Names.UserId: userId = SessionDocument.UserId.Read(context); break;
                case SessionDocument.Names.Generation: generation = SessionDocument.Generation.Read(context); break;
                case SessionDocument.Names.SecretHash: secretHash = SessionDocument.SecretHash.Read(context); break;
                case SessionDocument.Names.SealedSuccessor: sealedSuccessor = SessionDocument.SealedSuccessor.Read(context); break;
                case SessionDocument.Names.RotatedAt: rotatedAt = SessionDocument.RotatedAt.Read(context); break;
                case SessionDocument.Names.CreatedAt: createdAt = SessionDocument.CreatedAt.Read(context); break;
                case SessionDocument.Names.LastUsedAt: lastUsedAt = SessionDocument.LastUsedAt.Read(context); break;
                case SessionDocument.Names.IdleExpiresAt: idleExpiresAt = SessionDocument.IdleExpiresAt.Read(context); break;
                case SessionDocument.Names.AbsoluteExpiresAt: absoluteExpiresAt = SessionDocument.AbsoluteExpiresAt.Read(context); break;
                case SessionDocument.Names.RevokedAt: revokedAt = SessionDocument.RevokedAt.Read(context); break;
                case SessionDocument.Names.RevocationReason: reason = SessionDocument.RevocationReason.Read(context); break;
                case SessionDocument.Names.UserAgent: userAgent = SessionDocument.UserAgent.Read(context); break;
                case SessionDocument.Names.IpAddress: ipAddress = SessionDocument.IpAddress.Read(context); break;
                case SessionDocument.Names.CredentialVersion: credentialVersion = SessionDocument.CredentialVersion.Read(context); break;

                // expiresAt is derived from the two expiries above; it exists for the TTL index only.
                default: reader.SkipValue(); break;
            }
        }

        reader.ReadEndDocument();
        return Session.Restore(
            new SessionId(id ?? throw Missing(SessionDocument.Id.Name)),
            new UserId(userId ?? throw Missing(SessionDocument.UserId.Name)),
            generation ?? throw Missing(SessionDocument.Generation.Name),
            secretHash ?? throw Missing(SessionDocument.SecretHash.Name),
            sealedSuccessor,
            rotatedAt,
            createdAt ?? throw Missing(SessionDocument.CreatedAt.Name),
            lastUsedAt ?? throw Missing(SessionDocument.LastUsedAt.Name),
            idleExpiresAt ?? throw Missing(SessionDocument.IdleExpiresAt.Name),
            absoluteExpiresAt ?? throw Missing(SessionDocument.AbsoluteExpiresAt.Name),
            revokedAt,
            reason,
            userAgent,
            ipAddress,
            credentialVersion);
    }

    private static BsonSerializationException Missing(string field) => BsonValues.Missing(SessionDocument.Collection, field);
}
