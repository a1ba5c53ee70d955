using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Latch.Infrastructure.Security.SecondFactor;

/// <summary>RFC 6238 time-based one-time passwords over RFC 4226's dynamic truncation.</summary>
internal static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>The step <paramref name="at"/> falls in: whole <see cref="StepSeconds"/> since the Unix epoch.</summary>
    public static long StepAt(DateTimeOffset at) => at.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The code of <paramref name="step"/>, zero-padded to <paramref name="digits"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350",
        Justification = "RFC 6238 as every authenticator app computes it: HMAC-SHA-1 is a sound PRF, SHA-1's collisions do not touch it.")]
    public static string Code(ReadOnlySpan<byte> key, long step, int digits = Digits, HashAlgorithmName? algorithm = null)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> mac = stackalloc byte[64];
        var hash = algorithm ?? HashAlgorithmName.SHA1;
        var length = hash == HashAlgorithmName.SHA1 ? HMACSHA1.HashData(key, counter, mac)
            : hash == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(key, counter, mac)
            : hash == HashAlgorithmName.SHA512 ? HMACSHA512.HashData(key, counter, mac)
            : throw new ArgumentOutOfRangeException(nameof(algorithm));

        var offset = mac[length - 1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(mac[offset..]) & 0x7fffffff) % Modulus(digits);
        return binary.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    private static int Modulus(int digits) => digits switch
    {
        6 => 1_000_000,
        7 => 10_000_000,
        8 => 100_000_000,
        _ => throw new ArgumentOutOfRangeException(nameof(digits)),
    };
}
