using Latch.Application.Common.Interfaces;
using Latch.Domain.Users;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

internal sealed class MongoUserRepository(MongoStore store) : IUserRepository
{
    public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken) =>
        FindAsync(UserStatements.ById(id), cancellationToken);

    public Task<User?> FindByEmailAsync(Email email, CancellationToken cancellationToken) =>
        FindAsync(UserStatements.ByEmail(email), cancellationToken);

    public Task<bool> TryAddAsync(User user, CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        // The unique email index decides registration races, so it must exist before the first insert.
        // After the first success this awaits a completed task.
        await store.EnsureIndexesAsync(cancellationToken);
        try
        {
            await store.Users.InsertOneAsync(user, options: null, cancellationToken);
            return true;
        }
        catch (MongoWriteException exception) when (MongoErrors.IsDuplicateKey(exception))
        {
            return false;
        }
    });

    public Task<bool> TryUpdateAsync(User user, CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        try
        {
            var result = await store.Users.UpdateOneAsync(
                UserStatements.CurrentVersion(user), UserStatements.Update(user), options: null, cancellationToken);
            return result.ModifiedCount == 1;
        }
        catch (MongoWriteException exception) when (MongoErrors.IsDuplicateKey(exception))
        {
            // The new email is another account's: the unique index refused the whole update.
            return false;
        }
    });

    /// <summary>
    /// Sessions first, then the user: a crash or outage between the two leaves a user without sessions, never a
    /// session without its user. A sign-in that read the user just before it went can insert a session after the
    /// first sweep, so the sessions are swept once more after the user is gone (ADR 0006).
    /// </summary>
    public Task<bool> DeleteAsync(UserId id, CancellationToken cancellationToken) => store.RunAsync(async () =>
    {
        await store.Sessions.DeleteManyAsync(SessionStatements.ByUser(id), cancellationToken);
        var deleted = await store.Users.DeleteOneAsync(UserStatements.ById(id), cancellationToken);
        await store.Sessions.DeleteManyAsync(SessionStatements.ByUser(id), cancellationToken);
        return deleted.DeletedCount == 1;
    });

    private Task<User?> FindAsync(FilterDefinition<User> filter, CancellationToken cancellationToken) =>
        store.RunAsync<User?>(async () => await store.Users.Find(filter).FirstOrDefaultAsync(cancellationToken));
}
