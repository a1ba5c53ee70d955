using Latch.Application.Common.Interfaces;
using Latch.Domain.Users;

namespace Latch.Infrastructure.Persistence.Caching;

/// <summary>Any store's user repository, evicting a deleted user's sessions from this instance's status cache at once.</summary>
internal sealed class EvictingUserRepository(IUserRepository inner, SessionStatusCache cache) : IUserRepository
{
    public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken) => inner.FindByIdAsync(id, cancellationToken);

    public Task<User?> FindByEmailAsync(Email email, CancellationToken cancellationToken) => inner.FindByEmailAsync(email, cancellationToken);

    public Task<bool> TryAddAsync(User user, CancellationToken cancellationToken) => inner.TryAddAsync(user, cancellationToken);

    public Task<bool> TryUpdateAsync(User user, CancellationToken cancellationToken) => inner.TryUpdateAsync(user, cancellationToken);

    public async Task<bool> DeleteAsync(UserId id, CancellationToken cancellationToken)
    {
        var deleted = await inner.DeleteAsync(id, cancellationToken);
        cache.EvictUser(id);
        return deleted;
    }
}
