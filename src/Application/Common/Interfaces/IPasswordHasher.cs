using Latch.Domain.Common;

namespace Latch.Application.Common.Interfaces;

public enum PasswordCheck
{
    Mismatch,
    Match,

    /// <summary>Correct, but the stored hash is weaker than today's settings: re-hash it now that the password is known.</summary>
    MatchNeedsRehash,
}

/// <summary>
/// Password hashing, bounded: each call waits (asynchronously) for one of a few hashing slots, and fails with
/// <see cref="DomainErrors.Overloaded"/> at once when too many calls are already waiting, so a flood of sign-ins
/// cannot take every core from the other routes. A failure means no hash was computed and nothing was checked.
/// </summary>
public interface IPasswordHasher
{
    ValueTask<Result<string>> HashAsync(string password, CancellationToken cancellationToken);

    ValueTask<Result<PasswordCheck>> VerifyAsync(string password, string storedHash, CancellationToken cancellationToken);

    /// <summary>Costs what a real verification costs, for an email with no account: both failures take the same time.</summary>
    ValueTask<Result> VerifyAgainstDummyAsync(string password, CancellationToken cancellationToken);
}
