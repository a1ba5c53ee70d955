using System.Security.Cryptography;
using Latch.Infrastructure.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Latch.Infrastructure.Security.Tokens;

/// <summary>
/// The configured signing keys: the first signs, all verify. Each key is pinned to its one algorithm,
/// so a token cannot pick another (the HS256-with-a-public-key confusion).
/// </summary>
internal sealed class JwtKeyRing : IDisposable
{
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly List<ECDsa> _ownedKeys = [];

    public JwtKeyRing(IReadOnlyList<JwtKeyOptions> keys)
    {
        foreach (var options in keys)
        {
            var entry = Create(options);
            _byId.Add(options.Id, entry);
            Entries.Add(entry);
        }

        Signing = new SigningCredentials(Entries[0].Key, Entries[0].Algorithm);
        Algorithms = [.. Entries.Select(e => e.Algorithm).Distinct(StringComparer.Ordinal)];
    }

    public sealed record Entry(string Id, string Algorithm, SecurityKey Key, ECParameters? PublicKey);

    public List<Entry> Entries { get; } = [];

    public SigningCredentials Signing { get; }

    public IReadOnlyList<string> Algorithms { get; }

    /// <summary>The key a token's <c>kid</c> names, if it is ours and the token's <c>alg</c> is that key's algorithm.</summary>
    public SecurityKey? Resolve(string? keyId, string? algorithm) =>
        keyId is not null && _byId.TryGetValue(keyId, out var entry) && string.Equals(entry.Algorithm, algorithm, StringComparison.Ordinal)
            ? entry.Key
            : null;

    public void Dispose()
    {
        foreach (var key in _ownedKeys)
        {
            key.Dispose();
        }
    }

    private Entry Create(JwtKeyOptions options)
    {
        if (options.Algorithm == SecurityAlgorithms.HmacSha256)
        {
            var secret = Convert.FromBase64String(options.Secret!.Trim());
            return new Entry(options.Id, SecurityAlgorithms.HmacSha256, new SymmetricSecurityKey(secret) { KeyId = options.Id }, null);
        }

        var ecdsa = ECDsa.Create();
        _ownedKeys.Add(ecdsa);
        try
        {
            ecdsa.ImportFromPem(options.PrivateKeyPem);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidConfigurationException($"Invalid configuration: Jwt:Keys ({options.Id}) PrivateKeyPem is not a valid PEM private key.", exception);
        }

        var parameters = ecdsa.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new InvalidConfigurationException($"Invalid configuration: Jwt:Keys ({options.Id}) must be a P-256 key for ES256.");
        }

        return new Entry(options.Id, SecurityAlgorithms.EcdsaSha256, new ECDsaSecurityKey(ecdsa) { KeyId = options.Id }, parameters);
    }
}
