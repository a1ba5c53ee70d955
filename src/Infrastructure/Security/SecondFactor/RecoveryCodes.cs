using System.Security.Cryptography;
using System.Text;
using Latch.Application.Common.Interfaces;

namespace Latch.Infrastructure.Security.SecondFactor;

/// <summary>
/// Ten codes of ten characters (50 random bits each) from an alphabet without look-alikes, shown as <c>xxxxx-xxxxx</c>;
/// the store keeps HMAC-SHA-256 of the normalised code under a key derived from the pepper, so a copy of the store
/// yields no usable code and no offline guessing without the pepper.
/// </summary>
internal sealed class RecoveryCodes(byte[] hashKey) : IRecoveryCodes
{
    public const int Count = 10;
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public (IReadOnlyList<string> Codes, IReadOnlyList<string> Hashes) Generate()
    {
        var codes = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            var raw = RandomNumberGenerator.GetString(Alphabet, 10);
            codes[i] = $"{raw[..5]}-{raw[5..]}";
        }

        return (codes, codes.Select(Hash).ToArray());
    }

    public string Hash(string code)
    {
        var normalised = new StringBuilder(code.Length);
        foreach (var c in code)
        {
            if (c is not ('-' or ' '))
            {
                normalised.Append(char.ToLowerInvariant(c));
            }
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(normalised.ToString())));
    }
}
