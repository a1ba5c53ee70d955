namespace Latch.Infrastructure.Configuration;

internal sealed class PasswordOptions
{
    public const string Section = "Passwords";

    public int BcryptWorkFactor { get; set; } = 12;

    public int MinLength { get; set; } = 15;

    /// <summary>Base64 of at least 32 random bytes: the HMAC-SHA-384 key applied before bcrypt.</summary>
    public string? Pepper { get; set; }
}
