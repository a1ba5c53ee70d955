namespace Latch.Application.Common.Interfaces;

/// <summary>What a breach corpus says about a password.</summary>
public enum BreachCheck
{
    /// <summary>Not in the corpus, or no check is configured, or the check failed and fails open.</summary>
    NotFound,

    /// <summary>In the corpus: refuse it.</summary>
    Found,

    /// <summary>The check failed and is configured to fail closed: refuse to set any password for now.</summary>
    Unavailable,
}

/// <summary>
/// An external breach corpus consulted when a password is set (register, password change) — never when one is checked
/// at sign-in, whose cost must not depend on anything but the hash.
/// </summary>
public interface IBreachedPasswords
{
    /// <summary>Looks up an NFKC-normalised password.</summary>
    ValueTask<BreachCheck> CheckAsync(string normalizedPassword, CancellationToken cancellationToken);
}
