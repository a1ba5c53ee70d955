using Latch.Domain.Users;

namespace Latch.Application.Common.Interfaces;

/// <summary>A TOTP secret just made: sealed for the store, and in base32 for the user's authenticator app, once.</summary>
public sealed record NewTotpSecret(byte[] Sealed, string Base32);

/// <summary>
/// The authenticator-app factor's cryptography (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits): secrets are made
/// and sealed (encrypted and bound to their account) here, and only here opened again to check a code.
/// </summary>
public interface ITotpAuthenticator
{
    NewTotpSecret NewSecret(UserId owner);

    /// <summary>
    /// The time step, within one step either side of <paramref name="now"/> and later than <paramref name="afterStep"/>,
    /// whose code <paramref name="code"/> is; null when it is none of them (wrong, too old, replayed, or a secret that
    /// does not open for this account).
    /// </summary>
    long? Match(UserId owner, byte[] sealedSecret, string code, DateTimeOffset now, long afterStep);
}

/// <summary>Recovery codes: made at random, shown once, kept only as keyed hashes.</summary>
public interface IRecoveryCodes
{
    /// <summary>Ten fresh codes and their hashes, in the same order.</summary>
    (IReadOnlyList<string> Codes, IReadOnlyList<string> Hashes) Generate();

    /// <summary>The keyed hash of a code as typed (case, spaces and dashes do not matter).</summary>
    string Hash(string code);
}
