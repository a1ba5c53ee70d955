using Latch.Domain.Users;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// The <c>users</c> document:
/// <c>{ _id: UUID, email, displayName, passwordHash, createdAt: Date, updatedAt: Date, version: Int64,
/// credentialVersion: Int64 }</c>. <c>email</c> is the normalised address (the unique index compares it as stored);
/// a document without <c>credentialVersion</c> predates it and reads as the first version.
/// </summary>
internal static class UserDocument
{
    public const string Collection = "users";

    public static readonly BsonField<User, Guid> Id = new(Names.Id, BsonValues.Id);
    public static readonly BsonField<User, string> Email = new(Names.Email, BsonValues.String);
    public static readonly BsonField<User, string> DisplayName = new(Names.DisplayName, BsonValues.String);
    public static readonly BsonField<User, string> PasswordHash = new(Names.PasswordHash, BsonValues.String);
    public static readonly BsonField<User, DateTimeOffset> CreatedAt = new(Names.CreatedAt, BsonValues.Instant);
    public static readonly BsonField<User, DateTimeOffset> UpdatedAt = new(Names.UpdatedAt, BsonValues.Instant);
    public static readonly BsonField<User, long> Version = new(Names.Version, BsonValues.Int64);
    public static readonly BsonField<User, long> CredentialVersion = new(Names.CredentialVersion, BsonValues.Int64);

    public static class Names
    {
        public const string Id = "_id";
        public const string Email = "email";
        public const string DisplayName = "displayName";
        public const string PasswordHash = "passwordHash";
        public const string CreatedAt = "createdAt";
        public const string UpdatedAt = "updatedAt";
        public const string Version = "version";
        public const string CredentialVersion = "credentialVersion";
    }
}

/// <summary>Writes and reads a <see cref="User"/> field by field; the domain type carries no BSON attribute.</summary>
internal sealed class UserSerializer : SealedClassSerializerBase<User>
{
    protected override void SerializeValue(BsonSerializationContext context, BsonSerializationArgs args, User value)
    {
        var writer = context.Writer;
        writer.WriteStartDocument();
        UserDocument.Id.Write(context, value.Id.Value);
        UserDocument.Email.Write(context, value.Email.Value);
        UserDocument.DisplayName.Write(context, value.DisplayName.Value);
        UserDocument.PasswordHash.Write(context, value.PasswordHash);
        UserDocument.CreatedAt.Write(context, value.CreatedAt);
        UserDocument.UpdatedAt.Write(context, value.UpdatedAt);
        UserDocument.Version.Write(context, value.Version);
        UserDocument.CredentialVersion.Write(context, value.CredentialVersion);
        writer.WriteEndDocument();
    }

    protected override User DeserializeValue(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        Guid? id = null;
        string? email = null, displayName = null, passwordHash = null;
        DateTimeOffset? createdAt = null, updatedAt = null;
        long? version = null;
        long credentialVersion = 1;

        var reader = context.Reader;
        reader.ReadStartDocument();
        while (reader.ReadBsonType() != BsonType.EndOfDocument)
        {
            switch (reader.ReadName())
            {
                case UserDocument.Names.Id: id = UserDocument.Id.Read(context); break;
                case UserDocument.Names.Email: email = UserDocument.Email.Read(context); break;
                case UserDocument.Names.DisplayName: displayName = UserDocument.DisplayName.Read(context); break;
                case UserDocument.Names.PasswordHash: passwordHash = UserDocument.PasswordHash.Read(context); break;
                case UserDocument.Names.CreatedAt: createdAt = UserDocument.CreatedAt.Read(context); break;
                case UserDocument.Names.UpdatedAt: updatedAt = UserDocument.UpdatedAt.Read(context); break;
                case UserDocument.Names.Version: version = UserDocument.Version.Read(context); break;
                case UserDocument.Names.CredentialVersion: credentialVersion = UserDocument.CredentialVersion.Read(context); break;
                default: reader.SkipValue(); break;
            }
        }

        reader.ReadEndDocument();
        return User.Restore(
            new UserId(id ?? throw Missing(UserDocument.Id.Name)),
            Latch.Domain.Users.Email.FromTrusted(email ?? throw Missing(UserDocument.Email.Name)),
            Latch.Domain.Users.DisplayName.FromTrusted(displayName ?? throw Missing(UserDocument.DisplayName.Name)),
            passwordHash ?? throw Missing(UserDocument.PasswordHash.Name),
            createdAt ?? throw Missing(UserDocument.CreatedAt.Name),
            updatedAt ?? throw Missing(UserDocument.UpdatedAt.Name),
            version ?? throw Missing(UserDocument.Version.Name),
            credentialVersion);
    }

    private static BsonSerializationException Missing(string field) => BsonValues.Missing(UserDocument.Collection, field);
}
