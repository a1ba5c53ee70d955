using Latch.Application.Common.Interfaces;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// Emailed tokens in MongoDB, one document per token whose <c>_id</c> is the token's hash
/// (<see cref="EmailTokenStatements"/>). Consuming is one <c>findOneAndDelete</c> that matches only an unexpired token of
/// the purpose, so a token is used once however many confirms race; voiding an address's links is one <c>deleteMany</c>
/// on the <c>email</c> index; the TTL index on <c>expiresAt</c>
/// (<see cref="MongoIndexes.EmailTokens"/>, made at start-up with the others) removes expired ones.
/// </summary>
internal sealed class MongoEmailTokenStore(MongoStore store) : IEmailTokenStore
{
    public const string Collection = EmailTokenStatements.Collection;
    public const string ExpiresAt = EmailTokenStatements.ExpiresAt;

    public Task AddAsync(EmailToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        return store.RunAsync(() => store.EmailTokens.InsertOneAsync(EmailTokenStatements.Document(token), cancellationToken: cancellationToken));
    }

    public Task<EmailToken?> TryConsumeAsync(byte[] hash, EmailTokenPurpose purpose, DateTimeOffset now,
        CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        var document = await store.EmailTokens.FindOneAndDeleteAsync(EmailTokenStatements.Consumable(hash, purpose, now),
            cancellationToken: cancellationToken);
        return document is null ? null : EmailTokenStatements.Read(document);
    });

    public Task RemoveForAddressAsync(string email, CancellationToken cancellationToken) =>
        store.RunAsync(() => store.EmailTokens.DeleteManyAsync(EmailTokenStatements.ForAddress(email), cancellationToken));
}
