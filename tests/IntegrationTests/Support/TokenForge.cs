using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latch.IntegrationTests.Support;

/// <summary>Builds access tokens the way an attacker would: any key, any header, any claim.</summary>
public static class TokenForge
{
    public static string Sign(string sub, string sid, SigningCredentials credentials, Action<SecurityTokenDescriptor>? change = null,
        string issuer = "latch", string audience = "latch-api")
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            TokenType = "at+jwt",
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object> { ["sub"] = sub, ["sid"] = sid, ["jti"] = Guid.NewGuid().ToString("N") },
        };
        change?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public static SigningCredentials Es256(string pem, string kid)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256);
    }

    public static SigningCredentials Hs256(byte[] secret, string kid) =>
        new(new SymmetricSecurityKey(secret) { KeyId = kid }, SecurityAlgorithms.HmacSha256);

    public static string WithoutSignature(string sub, string sid, string kid = "test-es256")
    {
        var header = Base64Url($$"""{"alg":"none","typ":"at+jwt","kid":"{{kid}}"}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = Base64Url($$"""{"iss":"latch","aud":"latch-api","sub":"{{sub}}","sid":"{{sid}}","iat":{{now}},"nbf":{{now}},"exp":{{now + 600}}}""");
        return $"{header}.{payload}.";
    }

    public static string WithPayload(string token, Func<string, string> edit)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]));
        parts[1] = Base64Url(edit(payload));
        return string.Join('.', parts);
    }

    public static string PayloadJson(string token) =>
        Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]));

    public static string HeaderJson(string token) =>
        Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0]));

    private static string Base64Url(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));
}
