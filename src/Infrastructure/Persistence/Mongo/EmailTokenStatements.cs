using System.Globalization;
using Latch.Application.Common.Interfaces;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// The <c>email_tokens</c> document and the filter of <see cref="MongoEmailTokenStore"/>, built here so tests can render
/// them: <c>{ _id: keyed hash (binary), purpose: Int32, email, userId: UUID string or null, credentialVersion: Int64,
/// newEmail, passwordHash, displayName (strings or null), expiresAt: Date }</c>. The fields a token is bound to (userId,
/// credentialVersion, email) are stored as issued, so a confirm after the password or the email changed reads a token
/// that no longer binds the account and is refused (EmailTokens.StillBinds).
/// </summary>
internal static class EmailTokenStatements
{
    public const string Collection = "email_tokens";
    public const string ExpiresAt = "expiresAt";
    public const string Email = "email";

    private static FilterDefinitionBuilder<BsonDocument> Filter => Builders<BsonDocument>.Filter;

    public static BsonDocument Document(EmailToken token) => new()
    {
        ["_id"] = new BsonBinaryData(token.Hash),
        ["purpose"] = (int)token.Purpose,
        [Email] = token.Email,
        ["userId"] = token.UserId is { } id ? new BsonString(id.ToString("D")) : BsonNull.Value,
        ["credentialVersion"] = token.CredentialVersion,
        ["newEmail"] = Nullable(token.NewEmail),
        ["passwordHash"] = Nullable(token.PasswordHash),
        ["displayName"] = Nullable(token.DisplayName),
        [ExpiresAt] = new BsonDateTime(token.ExpiresAt.ToUnixTimeMilliseconds()),
    };

    /// <summary>
    /// The token with this hash and purpose, unexpired at <paramref name="now"/>: the TTL monitor runs about once a
    /// minute, so the filter, not the index, is what refuses a token past its lifetime.
    /// </summary>
    public static FilterDefinition<BsonDocument> Consumable(byte[] hash, EmailTokenPurpose purpose, DateTimeOffset now) =>
        Filter.Eq("_id", new BsonBinaryData(hash))
        & Filter.Eq("purpose", (int)purpose)
        & Filter.Gt(ExpiresAt, new BsonDateTime(now.ToUnixTimeMilliseconds()));

    /// <summary>Every token issued for this normalised address, whatever its purpose or expiry.</summary>
    public static FilterDefinition<BsonDocument> ForAddress(string email) => Filter.Eq(Email, email);

    public static EmailToken Read(BsonDocument document) => new(
        document["_id"].AsByteArray,
        (EmailTokenPurpose)document["purpose"].AsInt32,
        document["email"].AsString,
        document["userId"].IsBsonNull ? null : Guid.Parse(document["userId"].AsString, CultureInfo.InvariantCulture),
        document["credentialVersion"].ToInt64(),
        NullableString(document["newEmail"]),
        NullableString(document["passwordHash"]),
        NullableString(document["displayName"]),
        new DateTimeOffset(document[ExpiresAt].ToUniversalTime(), TimeSpan.Zero));

    private static BsonValue Nullable(string? value) => value is null ? BsonNull.Value : new BsonString(value);

    private static string? NullableString(BsonValue value) => value.IsBsonNull ? null : value.AsString;
}
