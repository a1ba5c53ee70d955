using Latch.Domain.Users;

namespace Latch.Application.Common.Interfaces;

public interface IUserRepository
{
    Task<User?> FindByIdAsync(UserId id, CancellationToken cancellationToken);

    Task<User?> FindByEmailAsync(Email email, CancellationToken cancellationToken);

    /// <summary>Adds the user; false when the normalised email is already taken (the store's unique index decides).</summary>
    Task<bool> TryAddAsync(User user, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the user (its email too) if its stored version still equals <see cref="User.Version"/>; false otherwise,
    /// and false, with nothing written, when the email is now another account's (the unique index decides).
    /// </summary>
    Task<bool> TryUpdateAsync(User user, CancellationToken cancellationToken);

    /// <summary>Removes the user and every session of theirs, so that no live session outlives its user.</summary>
    Task<bool> DeleteAsync(UserId id, CancellationToken cancellationToken);
}
