using Latch.Domain.Users;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// The <c>users</c> document:
/// <c>{ _id: UUID, email, displayName, passwordHash, createdAt: Date, updatedAt: Date, version: Int64,
/// credentialVersion: Int64, totpSecret: BinData?, totpConfirmedAt: Date?, totpLastStep: Int64,
/// recoveryCodes: string? }</c> (the second factor, flattened by <see cref="TotpColumns"/>). <c>email</c> is the normalised address (the unique index compares it as stored);
/// a document without <c>credentialVersion</c> predates it and reads as the first version.
/// </summary>
internal static class UserDocument
{
    public const string Collection = "users";

    public static readonly BsonDocumentMap<User> Map = new(Collection);

    public static readonly BsonField<User, Guid> Id = Map.Required("_id", BsonValues.Id, u => u.Id.Value);
    public static readonly BsonField<User, string> Email = Map.Required("email", BsonValues.String, u => u.Email.Value);
    public static readonly BsonField<User, string> DisplayName = Map.Required("displayName", BsonValues.String, u => u.DisplayName.Value);
    public static readonly BsonField<User, string> PasswordHash = Map.Required("passwordHash", BsonValues.String, u => u.PasswordHash);
    public static readonly BsonField<User, DateTimeOffset> CreatedAt = Map.Required("createdAt", BsonValues.Instant, u => u.CreatedAt);
    public static readonly BsonField<User, DateTimeOffset> UpdatedAt = Map.Required("updatedAt", BsonValues.Instant, u => u.UpdatedAt);
    public static readonly BsonField<User, long> Version = Map.Required("version", BsonValues.Int64, u => u.Version);
    public static readonly BsonField<User, long> CredentialVersion =
        Map.Optional("credentialVersion", BsonValues.Int64, u => u.CredentialVersion, absent: 1);
    public static readonly BsonField<User, byte[]?> TotpSecret =
        Map.Optional("totpSecret", BsonValues.NullableBytes, TotpColumns.Secret, absent: null);
    public static readonly BsonField<User, DateTimeOffset?> TotpConfirmedAt =
        Map.Optional("totpConfirmedAt", BsonValues.NullableInstant, TotpColumns.ConfirmedAt, absent: null);
    public static readonly BsonField<User, long> TotpLastStep = Map.Optional("totpLastStep", BsonValues.Int64, TotpColumns.LastStep, absent: 0);
    public static readonly BsonField<User, string?> RecoveryCodes =
        Map.Optional("recoveryCodes", BsonValues.NullableString, TotpColumns.RecoveryCodes, absent: null);
}

/// <summary>Writes and reads a <see cref="User"/> through its field table; the domain type carries no BSON attribute.</summary>
internal sealed class UserSerializer : SealedClassSerializerBase<User>
{
    protected override void SerializeValue(BsonSerializationContext context, BsonSerializationArgs args, User value) =>
        UserDocument.Map.Write(context, value);

    protected override User DeserializeValue(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        var fields = UserDocument.Map.Read(context);
        return User.Restore(
            new UserId(fields.Get(UserDocument.Id)),
            Latch.Domain.Users.Email.FromTrusted(fields.Get(UserDocument.Email)),
            Latch.Domain.Users.DisplayName.FromTrusted(fields.Get(UserDocument.DisplayName)),
            fields.Get(UserDocument.PasswordHash),
            fields.Get(UserDocument.CreatedAt),
            fields.Get(UserDocument.UpdatedAt),
            fields.Get(UserDocument.Version),
            fields.Get(UserDocument.CredentialVersion),
            TotpColumns.Read(fields.Get(UserDocument.TotpSecret), fields.Get(UserDocument.TotpConfirmedAt),
                fields.Get(UserDocument.TotpLastStep), fields.Get(UserDocument.RecoveryCodes)));
    }
}
