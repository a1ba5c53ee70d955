namespace Latch.Infrastructure.Configuration;

internal sealed class JwtOptions
{
    public const string Section = "Jwt";

    public string Issuer { get; set; } = "";

    public string Audience { get; set; } = "";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Key 0 signs; every key verifies, so a key is rotated without logging anyone out.</summary>
    public List<JwtKeyOptions> Keys { get; set; } = [];
}

internal sealed class JwtKeyOptions
{
    public string Id { get; set; } = "";

    /// <summary><c>ES256</c> or <c>HS256</c>.</summary>
    public string Algorithm { get; set; } = "";

    /// <summary>HS256: base64 of at least 32 random bytes.</summary>
    public string? Secret { get; set; }

    /// <summary>ES256: a PKCS#8 or SEC1 PEM of a P-256 private key.</summary>
    public string? PrivateKeyPem { get; set; }
}
