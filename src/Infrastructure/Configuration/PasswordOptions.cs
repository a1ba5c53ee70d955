namespace Latch.Infrastructure.Configuration;

internal sealed class PasswordOptions
{
    public const string Section = "Passwords";

    public int BcryptWorkFactor { get; set; } = 12;

    public int MinLength { get; set; } = 15;

    /// <summary>Names the service goes by besides "latch" (the product's, the company's): refused inside passwords.</summary>
    public List<string> ServiceNames { get; set; } = [];

    /// <summary>How many bcrypt hashes may run at once; default: the number of processors.</summary>
    public int? MaxConcurrentHashes { get; set; }

    /// <summary>How many more may wait for a slot; past that a request gets <c>503 unavailable</c> with <c>Retry-After</c>.</summary>
    public int MaxQueuedHashes { get; set; } = 32;

    public PwnedPasswordsOptions PwnedPasswords { get; set; } = new();

    /// <summary>Base64 of at least 32 random bytes: the HMAC-SHA-384 key applied before bcrypt.</summary>
    public string? Pepper { get; set; }
}
