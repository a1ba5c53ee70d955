using System.Buffers.Text;
using System.Security.Cryptography;
using Latch.Application.Common.Interfaces;

namespace Latch.Infrastructure.Security.Tokens;

/// <summary>
/// Emailed tokens: 32 random bytes in base64url (43 characters). The store keeps HMAC-SHA-256(key, purpose ‖ bytes)
/// under a key derived from the pepper, so a leaked copy of the store cannot be turned into working links, and a token
/// of one purpose hashes to nothing another purpose finds.
/// </summary>
internal sealed class EmailTokenCodec(byte[] hashKey) : IEmailTokenCodec
{
    private const int SecretLength = 32;

    public MintedEmailToken Mint(EmailTokenPurpose purpose)
    {
        Span<byte> secret = stackalloc byte[SecretLength];
        RandomNumberGenerator.Fill(secret);
        return new MintedEmailToken(Base64Url.EncodeToString(secret), HashOf(secret, purpose));
    }

    public byte[]? Hash(string token, EmailTokenPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> secret = stackalloc byte[SecretLength];
        if (token.Length != Base64Url.GetEncodedLength(SecretLength) ||
            Base64Url.DecodeFromChars(token, secret, out var consumed, out var written) != System.Buffers.OperationStatus.Done ||
            consumed != token.Length || written != SecretLength)
        {
            return null;
        }

        return HashOf(secret, purpose);
    }

    private byte[] HashOf(ReadOnlySpan<byte> secret, EmailTokenPurpose purpose)
    {
        Span<byte> input = stackalloc byte[1 + SecretLength];
        input[0] = (byte)purpose;
        secret.CopyTo(input[1..]);
        return HMACSHA256.HashData(hashKey, input);
    }
}
