namespace Latch.Application.Common.Interfaces;

/// <summary>What an emailed token lets its holder do; a token minted for one purpose is no token for another.</summary>
public enum EmailTokenPurpose
{
    Verification = 1,
    PasswordReset = 2,
    EmailChange = 3,
}

/// <summary>
/// One emailed token as the store keeps it: its keyed hash (never the token), and what it was issued for. A token is
/// bound to the state it was issued in — the account's id, credential version and email — so a confirm after the
/// password or the email changed finds it void. A verification token carries the pending registration itself
/// (<see cref="PasswordHash"/>, <see cref="DisplayName"/>): no account exists until the address is verified.
/// </summary>
/// <param name="Hash">The keyed hash of the token (<see cref="IEmailTokenCodec"/>); the token itself is never stored.</param>
/// <param name="Purpose">What the token is for.</param>
/// <param name="Email">The normalised address the token was issued for (for an email change: the account's current one).</param>
/// <param name="UserId">The account, or null (a registration; a reset requested for an address no account has).</param>
/// <param name="CredentialVersion">The account's credential version at issue; 0 when there is no account.</param>
/// <param name="NewEmail">For an email change: the normalised address to move to.</param>
/// <param name="PasswordHash">For a verification: the hash of the password chosen at registration.</param>
/// <param name="DisplayName">For a verification: the display name chosen at registration.</param>
/// <param name="ExpiresAt">When the token stops working.</param>
public sealed record EmailToken(
    byte[] Hash,
    EmailTokenPurpose Purpose,
    string Email,
    Guid? UserId,
    long CredentialVersion,
    string? NewEmail,
    string? PasswordHash,
    string? DisplayName,
    DateTimeOffset ExpiresAt);

/// <summary>
/// The outstanding emailed tokens. Each is used at most once: consuming removes it in the same atomic operation that
/// finds it, so of two concurrent confirms of one token one gets it. Expired tokens are never returned and are
/// removed by the store (a sweep in SQLite, a TTL index in MongoDB).
/// </summary>
public interface IEmailTokenStore
{
    Task AddAsync(EmailToken token, CancellationToken cancellationToken);

    /// <summary>
    /// Removes and returns the token with this hash and purpose, if it has not expired at <paramref name="now"/>;
    /// null otherwise (unknown, used already, expired, or minted for another purpose).
    /// </summary>
    Task<EmailToken?> TryConsumeAsync(byte[] hash, EmailTokenPurpose purpose, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Removes every outstanding token issued for this normalised address, of any purpose: the address's pending
    /// registrations, and the resets and email changes asked from it.
    /// </summary>
    Task RemoveForAddressAsync(string email, CancellationToken cancellationToken);
}

/// <summary>A token just minted: the string the email carries, and the keyed hash the store keeps.</summary>
public sealed record MintedEmailToken(string Token, byte[] Hash);

/// <summary>Emailed tokens' cryptography: 256 random bits, and a keyed hash so a copy of the store opens no account.</summary>
public interface IEmailTokenCodec
{
    MintedEmailToken Mint(EmailTokenPurpose purpose);

    /// <summary>The keyed hash of a presented token, or null when it cannot be one this service minted (its shape).</summary>
    byte[]? Hash(string token, EmailTokenPurpose purpose);
}
