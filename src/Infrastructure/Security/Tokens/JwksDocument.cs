using System.Buffers.Text;
using System.Text.Json;

namespace Latch.Infrastructure.Security.Tokens;

/// <summary>The public half of every ES256 key as a JWK Set; HS256 secrets are never published.</summary>
internal static class JwksDocument
{
    public static byte[] Render(JwtKeyRing keys)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("keys");
            foreach (var entry in keys.Entries)
            {
                if (entry.PublicKey is not { } key)
                {
                    continue;
                }

                json.WriteStartObject();
                json.WriteString("kty", "EC");
                json.WriteString("crv", "P-256");
                json.WriteString("x", Base64Url.EncodeToString(key.Q.X));
                json.WriteString("y", Base64Url.EncodeToString(key.Q.Y));
                json.WriteString("kid", entry.Id);
                json.WriteString("alg", entry.Algorithm);
                json.WriteString("use", "sig");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
