using System.Security.Cryptography;
using System.Text;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Passwords;

namespace Latch.Infrastructure.Security.Passwords;

/// <summary>
/// bcrypt over <c>base64(HMAC-SHA-384(pepper, NFKC(password)))</c>, as the OWASP Password Storage Cheat
/// Sheet advises: the 64-character pre-hash removes bcrypt's 72-byte truncation, and the secret pepper
/// stops a stolen database from being cracked alone, and stops "shucking" of unsalted fast hashes.
/// Plain bcrypt hashes imported from another system still verify and are flagged for re-hashing.
/// Synchronous and unbounded: the app reaches it only through <see cref="BoundedPasswordHasher"/>.
/// </summary>
internal sealed class BcryptPasswordHasher
{
    /// <summary>Marks our pre-hashed format; what follows is a standard bcrypt string.</summary>
    public const string Prefix = "$latch-hs384$";

    private readonly int _workFactor;
    private readonly byte[] _pepper;
    private readonly string _dummyHash;

    public BcryptPasswordHasher(int workFactor, byte[] pepper)
    {
        _workFactor = workFactor;
        _pepper = pepper;

        // A random salt at today's cost and a digest no password produces: verifying against it runs the full bcrypt
        // computation, as a real hash does, so the unknown-email path costs what the wrong-password path costs, and
        // nothing has to be hashed at start-up to make it (a whole bcrypt run of CPU that a cold start used to pay).
        _dummyHash = BCrypt.Net.BCrypt.GenerateSalt(workFactor) + new string('.', 31);
    }

    public string Hash(string password) => Prefix + BCrypt.Net.BCrypt.HashPassword(PreHash(password), _workFactor);

    public PasswordCheck Verify(string password, string storedHash)
    {
        if (storedHash.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var bcrypt = storedHash[Prefix.Length..];
            if (!SafeVerify(PreHash(password), bcrypt))
            {
                return PasswordCheck.Mismatch;
            }

            return BCrypt.Net.BCrypt.PasswordNeedsRehash(bcrypt, _workFactor) ? PasswordCheck.MatchNeedsRehash : PasswordCheck.Match;
        }

        if (IsPlainBcrypt(storedHash))
        {
            // Imported from a system that hashed the raw password: always upgrade to our format.
            return SafeVerify(password, storedHash) ? PasswordCheck.MatchNeedsRehash : PasswordCheck.Mismatch;
        }

        return PasswordCheck.Mismatch;
    }

    public void VerifyAgainstDummy(string password) => SafeVerify(PreHash(password), _dummyHash);

    private string PreHash(string password)
    {
        var normalized = PasswordPolicy.Normalize(password);
        Span<byte> mac = stackalloc byte[HMACSHA384.HashSizeInBytes];
        HMACSHA384.HashData(_pepper, Encoding.UTF8.GetBytes(normalized), mac);
        return Convert.ToBase64String(mac);
    }

    private static bool IsPlainBcrypt(string hash) =>
        hash.Length == 60 && (hash.StartsWith("$2a$", StringComparison.Ordinal) ||
                              hash.StartsWith("$2b$", StringComparison.Ordinal) ||
                              hash.StartsWith("$2y$", StringComparison.Ordinal));

    private static bool SafeVerify(string text, string bcryptHash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(text, bcryptHash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }
}
