using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Latch.Bench;

/// <summary>
/// The checks Latch's bearer authentication makes of its access token (ES256 key by kid, issuer, audience, typ at+jwt,
/// lifetime with 30 s skew), from Latch's own settings: the comparison servers of bench/throughput.sh check exactly this.
/// </summary>
internal static class LatchTokenChecks
{
    public static TokenValidationParameters From(IConfiguration configuration)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(configuration["Jwt:Keys:0:PrivateKeyPem"]);
        var key = new ECDsaSecurityKey(ecdsa) { KeyId = configuration["Jwt:Keys:0:Id"] };
        return new TokenValidationParameters
        {
            ValidIssuer = configuration["Jwt:Issuer"] ?? "latch",
            ValidAudience = configuration["Jwt:Audience"] ?? "latch-api",
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            ValidTypes = ["at+jwt"],
            ClockSkew = TimeSpan.FromSeconds(30),
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKeyResolver = (_, _, kid, _) => kid == key.KeyId ? [key] : [],
        };
    }
}
