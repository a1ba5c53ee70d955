using System.Security.Cryptography;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Users;

namespace Latch.Infrastructure.Security.SecondFactor;

/// <summary>
/// Makes, seals and checks TOTP secrets. A sealed secret is <c>nonce(12) ‖ ciphertext(20) ‖ tag(16)</c> under AES-GCM
/// with a key derived from the pepper, the owner's id as associated data: a copy of the store opens nothing, and a
/// secret copied onto another account does not open either.
/// </summary>
internal sealed class TotpAuthenticator(byte[] sealingKey) : ITotpAuthenticator
{
    // 160 bits: RFC 4226's recommended length, and what authenticator apps expect of SHA-1.
    private const int SecretLength = 20;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public NewTotpSecret NewSecret(UserId owner)
    {
        var secret = RandomNumberGenerator.GetBytes(SecretLength);
        try
        {
            return new NewTotpSecret(Seal(owner, secret), Base32.Encode(secret));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    public long? Match(UserId owner, byte[] sealedSecret, string code, DateTimeOffset now, long afterStep)
    {
        if (code.Length != Totp.Digits || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var secret = Open(owner, sealedSecret);
        if (secret is null)
        {
            return null;
        }

        try
        {
            var current = Totp.StepAt(now);
            long? matched = null;

            // Every candidate is computed and compared in constant time, so the answer's timing says nothing of which matched.
            for (var step = current - 1; step <= current + 1; step++)
            {
                var candidate = System.Text.Encoding.ASCII.GetBytes(Totp.Code(secret, step));
                var given = System.Text.Encoding.ASCII.GetBytes(code);
                if (CryptographicOperations.FixedTimeEquals(candidate, given) && step > afterStep)
                {
                    matched ??= step;
                }
            }

            return matched;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    internal byte[] Seal(UserId owner, ReadOnlySpan<byte> secret)
    {
        var sealedSecret = new byte[NonceLength + secret.Length + TagLength];
        var nonce = sealedSecret.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(sealingKey, TagLength);
        aes.Encrypt(nonce, secret, sealedSecret.AsSpan(NonceLength, secret.Length),
            sealedSecret.AsSpan(NonceLength + secret.Length), owner.Value.ToByteArray());
        return sealedSecret;
    }

    internal byte[]? Open(UserId owner, byte[] sealedSecret)
    {
        if (sealedSecret.Length <= NonceLength + TagLength)
        {
            return null;
        }

        var length = sealedSecret.Length - NonceLength - TagLength;
        var secret = new byte[length];
        using var aes = new AesGcm(sealingKey, TagLength);
        try
        {
            aes.Decrypt(sealedSecret.AsSpan(0, NonceLength), sealedSecret.AsSpan(NonceLength, length),
                sealedSecret.AsSpan(NonceLength + length), secret, owner.Value.ToByteArray());
            return secret;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
