using System.Security.Cryptography;
using Latch.Infrastructure;

namespace Latch.Tools.Deployment;

/// <summary>A new JWT signing key, in the shape of one <c>Jwt:Keys:N</c> entry of the configuration.</summary>
internal sealed record GeneratedSigningKey(string Id, string Algorithm, string? PrivateKeyPem, string? Secret);

/// <summary>Makes signing keys the app accepts: each one is loaded by the app's own key ring before it is handed out.</summary>
internal static class SigningKeys
{
    public static readonly IReadOnlyList<string> Algorithms = ["ES256", "HS256"];

    public static GeneratedSigningKey Generate(string algorithm, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var key = algorithm switch
        {
            "ES256" => new GeneratedSigningKey(id, algorithm, CreateEs256Pem(), null),
            "HS256" => new GeneratedSigningKey(id, algorithm, null,
                Convert.ToBase64String(RandomNumberGenerator.GetBytes(SettingsCheck.MinSecretBytes))),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "ES256 or HS256."),
        };

        SettingsCheck.LoadSigningKey(key.Id, key.Algorithm, key.PrivateKeyPem, key.Secret);
        return key;
    }

    private static string CreateEs256Pem()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return ecdsa.ExportPkcs8PrivateKeyPem();
    }
}
