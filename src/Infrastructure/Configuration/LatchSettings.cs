using Latch.Domain.Lockout;
using Latch.Domain.Passwords;
using Latch.Domain.Sessions;

namespace Latch.Infrastructure.Configuration;

/// <summary>Every setting, validated and resolved once at start-up.</summary>
internal sealed class LatchSettings
{
    public required JwtOptions Jwt { get; init; }

    public required SessionOptions Sessions { get; init; }

    public required SessionPolicy SessionPolicy { get; init; }

    public required PasswordPolicy PasswordPolicy { get; init; }

    public required LockoutPolicy LockoutPolicy { get; init; }

    /// <summary>How recent a second factor must be for a password, email or deletion change (<c>SecondFactor:StepUpWindow</c>).</summary>
    public required StepUpPolicy StepUpPolicy { get; init; }

    public required int BcryptWorkFactor { get; init; }

    public required byte[] Pepper { get; init; }

    /// <summary>Bcrypt hashes that may run at once (<c>Passwords:MaxConcurrentHashes</c>).</summary>
    public required int MaxConcurrentHashes { get; init; }

    /// <summary>Bcrypt hashes that may wait for a slot (<c>Passwords:MaxQueuedHashes</c>).</summary>
    public required int MaxQueuedHashes { get; init; }

    /// <summary>The optional Pwned Passwords check, validated; its base address ends with a slash.</summary>
    public required PwnedPasswordsOptions PwnedPasswords { get; init; }

    public required StorageOptions Storage { get; init; }

    /// <summary>The SQLite file, absolute.</summary>
    public required string SqlitePath { get; init; }

    public required RateLimitingOptions RateLimiting { get; init; }

    public required RegistrationOptions Registration { get; init; }

    public required IReadOnlyList<string> CorsOrigins { get; init; }

    public required IReadOnlyList<System.Net.IPAddress> KnownProxies { get; init; }

    /// <summary>Things an operator should know at start-up (generated development secrets).</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
