using Latch.Application.Common.Interfaces;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// Emailed tokens in MongoDB, one document per token whose <c>_id</c> is the token's hash. Consuming is one
/// <c>findOneAndDelete</c> that matches only an unexpired token of the purpose, so a token is used once however many
/// confirms race; a TTL index on <c>expiresAt</c> removes expired ones (the filter covers the minute before it runs).
/// The collection and index are made on first use, as the sent-mail log's are.
/// </summary>
internal sealed class MongoEmailTokenStore(MongoStore store) : IEmailTokenStore
{
    public const string Collection = "email_tokens";
    public const string ExpiresAt = "expiresAt";

    private readonly IMongoCollection<BsonDocument> _tokens = store.Database.GetCollection<BsonDocument>(Collection);
    private int _indexed;

    public Task AddAsync(EmailToken token, CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(token);
        if (Volatile.Read(ref _indexed) == 0)
        {
            await _tokens.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(
                Builders<BsonDocument>.IndexKeys.Ascending(ExpiresAt),
                new CreateIndexOptions { Name = "expiresAt_ttl", ExpireAfter = TimeSpan.Zero }), cancellationToken: cancellationToken);
            Volatile.Write(ref _indexed, 1);
        }

        await _tokens.InsertOneAsync(new BsonDocument
        {
            ["_id"] = new BsonBinaryData(token.Hash),
            ["purpose"] = (int)token.Purpose,
            ["email"] = token.Email,
            ["userId"] = token.UserId is { } id ? new BsonString(id.ToString("D")) : BsonNull.Value,
            ["credentialVersion"] = token.CredentialVersion,
            ["newEmail"] = token.NewEmail is null ? BsonNull.Value : new BsonString(token.NewEmail),
            ["passwordHash"] = token.PasswordHash is null ? BsonNull.Value : new BsonString(token.PasswordHash),
            ["displayName"] = token.DisplayName is null ? BsonNull.Value : new BsonString(token.DisplayName),
            [ExpiresAt] = token.ExpiresAt.UtcDateTime,
        }, cancellationToken: cancellationToken);
    });

    public Task<EmailToken?> TryConsumeAsync(byte[] hash, EmailTokenPurpose purpose, DateTimeOffset now,
        CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        var filter = Builders<BsonDocument>.Filter.And(
            Builders<BsonDocument>.Filter.Eq("_id", new BsonBinaryData(hash)),
            Builders<BsonDocument>.Filter.Eq("purpose", (int)purpose),
            Builders<BsonDocument>.Filter.Gt(ExpiresAt, now.UtcDateTime));
        var document = await _tokens.FindOneAndDeleteAsync(filter, cancellationToken: cancellationToken);
        return document is null ? null : new EmailToken(
            hash,
            purpose,
            document["email"].AsString,
            document["userId"].IsBsonNull ? null : Guid.Parse(document["userId"].AsString, System.Globalization.CultureInfo.InvariantCulture),
            document["credentialVersion"].ToInt64(),
            NullableString(document["newEmail"]),
            NullableString(document["passwordHash"]),
            NullableString(document["displayName"]),
            new DateTimeOffset(document[ExpiresAt].ToUniversalTime()));
    });

    private static string? NullableString(BsonValue value) => value.IsBsonNull ? null : value.AsString;
}
