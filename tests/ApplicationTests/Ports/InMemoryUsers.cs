using Latch.Application.Common.Interfaces;
using Latch.Domain.Users;

namespace Latch.ApplicationTests.Ports;

/// <summary>
/// The user store in memory, keeping copies as a database does (a loaded user is the caller's to change), with the
/// unique normalised email and the version check of the real stores; held to them by the store contract.
/// </summary>
public sealed class InMemoryUsers(InMemorySessions sessions) : IUserRepository
{
    // One lock with the session store: deleting a user takes its sessions, starting a session reads its user.
    private readonly Lock _gate = sessions.Gate;
    private readonly Dictionary<UserId, User> _byId = [];

    /// <summary>How many of the next updates are refused as a concurrent writer's would be.</summary>
    public int UpdatesToLose { get; set; }

    /// <summary>How many reads (by id or by email) were made: a request must read the same for every address.</summary>
    public int Reads => _reads;

    private int _reads;

    public Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        lock (_gate)
        {
            return Task.FromResult(_byId.TryGetValue(id, out var user) ? Copy(user) : null);
        }
    }

    public Task<User?> FindByEmailAsync(Email email, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        lock (_gate)
        {
            return Task.FromResult(_byId.Values.FirstOrDefault(u => u.Email.Equals(email)) is { } user ? Copy(user) : null);
        }
    }

    public Task<bool> TryAddAsync(User user, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_byId.Values.Any(u => u.Email.Equals(user.Email)) || _byId.ContainsKey(user.Id))
            {
                return Task.FromResult(false);
            }

            _byId[user.Id] = Copy(user);
            return Task.FromResult(true);
        }
    }

    public Task<bool> TryUpdateAsync(User user, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (UpdatesToLose > 0)
            {
                UpdatesToLose--;
                return Task.FromResult(false);
            }

            if (!_byId.TryGetValue(user.Id, out var stored) || stored.Version != user.Version ||
                _byId.Values.Any(other => other.Id != user.Id && other.Email.Equals(user.Email)))
            {
                return Task.FromResult(false);
            }

            _byId[user.Id] = User.Restore(user.Id, user.Email, user.DisplayName, user.PasswordHash, user.CreatedAt,
                user.UpdatedAt, user.Version + 1, user.CredentialVersion, user.Totp);
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeleteAsync(UserId id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_byId.Remove(id))
            {
                return Task.FromResult(false);
            }

            sessions.RemoveAllOf(id);
            return Task.FromResult(true);
        }
    }

    /// <summary>The stored credential version, for the session store's start check.</summary>
    internal long? CredentialVersionOf(UserId id)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(id, out var user) ? user.CredentialVersion : null;
        }
    }

    private static User Copy(User user) => User.Restore(user.Id, user.Email, user.DisplayName, user.PasswordHash,
        user.CreatedAt, user.UpdatedAt, user.Version, user.CredentialVersion, user.Totp);
}
