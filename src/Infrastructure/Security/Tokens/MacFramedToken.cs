using System.Buffers.Text;
using System.Security.Cryptography;

namespace Latch.Infrastructure.Security.Tokens;

/// <summary>
/// The frame of the service's opaque tokens (refresh tokens, device tokens, mfaTokens): a version byte and a fixed-length payload,
/// then the first 16 bytes of an HMAC-SHA-256 over both, in base64url. One place checks it, so every one of them refuses a
/// wrong length before decoding, never throws on a foreign character, and compares the MAC in constant time.
/// </summary>
internal static class MacFramedToken
{
    public const int MacLength = 16;

    /// <summary>Writes the MAC of <paramref name="signed"/> into <paramref name="destination"/> (<see cref="MacLength"/> bytes).</summary>
    public static void Mac(byte[] key, ReadOnlySpan<byte> signed, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, signed, full);
        full[..MacLength].CopyTo(destination);
    }

    /// <summary>Seals <paramref name="frame"/> in place (its last <see cref="MacLength"/> bytes) and encodes it.</summary>
    public static string Seal(byte[] key, Span<byte> frame)
    {
        var signed = frame.Length - MacLength;
        Mac(key, frame[..signed], frame[signed..]);
        return Base64Url.EncodeToString(frame);
    }

    /// <summary>
    /// Decodes <paramref name="token"/> into <paramref name="frame"/> (exactly its length) when it is a whole frame of
    /// <paramref name="version"/> with a MAC made with <paramref name="key"/>; false for anything else.
    /// </summary>
    public static bool TryOpen(string token, byte[] key, byte version, Span<byte> frame)
    {
        if (token.Length != Base64Url.GetEncodedLength(frame.Length))
        {
            return false;
        }

        // The status-returning decoder: the Try… variant throws on characters outside the alphabet.
        if (Base64Url.DecodeFromChars(token, frame, out _, out var written) != System.Buffers.OperationStatus.Done ||
            written != frame.Length || frame[0] != version)
        {
            return false;
        }

        var signed = frame.Length - MacLength;
        Span<byte> expected = stackalloc byte[MacLength];
        Mac(key, frame[..signed], expected);
        return CryptographicOperations.FixedTimeEquals(expected, frame[signed..]);
    }
}
