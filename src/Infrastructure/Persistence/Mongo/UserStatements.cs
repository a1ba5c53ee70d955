using Latch.Domain.Users;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>The filters and updates of <see cref="MongoUserRepository"/>, built here so tests can render them.</summary>
internal static class UserStatements
{
    private static FilterDefinitionBuilder<User> Filter => Builders<User>.Filter;

    public static FilterDefinition<User> ById(UserId id) => Filter.Eq(UserDocument.Id, id.Value);

    public static FilterDefinition<User> ByEmail(Email email) => Filter.Eq(UserDocument.Email, email.Value);

    /// <summary>Optimistic concurrency: matches only while the stored version is the one the user was loaded at.</summary>
    public static FilterDefinition<User> CurrentVersion(User user) =>
        Filter.Eq(UserDocument.Id, user.Id.Value) & Filter.Eq(UserDocument.Version, user.Version);

    /// <summary>Every mutable field, and the next version.</summary>
    public static UpdateDefinition<User> Update(User user) => Builders<User>.Update
        .Set(UserDocument.Email, user.Email.Value)
        .Set(UserDocument.DisplayName, user.DisplayName.Value)
        .Set(UserDocument.PasswordHash, user.PasswordHash)
        .Set(UserDocument.UpdatedAt, user.UpdatedAt)
        .Set(UserDocument.CredentialVersion, user.CredentialVersion)
        .Set(UserDocument.TotpSecret, TotpColumns.Secret(user))
        .Set(UserDocument.TotpConfirmedAt, TotpColumns.ConfirmedAt(user))
        .Set(UserDocument.TotpLastStep, TotpColumns.LastStep(user))
        .Set(UserDocument.RecoveryCodes, TotpColumns.RecoveryCodes(user))
        .Inc(UserDocument.Version, 1L);
}
