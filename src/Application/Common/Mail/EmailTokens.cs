using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;
using Latch.Domain.Common;
using Latch.Domain.Users;

namespace Latch.Application.Common.Mail;

/// <summary>
/// Issuing and redeeming emailed tokens: how long each purpose lives, and the checks that make a token void once the
/// account it was issued for moved on (another password, another email, or deleted).
/// </summary>
internal sealed class EmailTokens(IEmailTokenCodec codec, IEmailTokenStore store, IOutbox outbox, IClock clock)
{
    public static readonly TimeSpan VerificationLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan PasswordResetLifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan EmailChangeLifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// Mints a token, stores its hash with <paramref name="issued"/>'s fields, and hands the outbox the message that
    /// carries it (<paramref name="message"/>). An outbox that refuses (full, or its queue unreachable) gets the token
    /// removed again before the refusal goes on as <c>503</c>: a link that no email carries would only wait in the store.
    /// </summary>
    public async Task IssueAndSendAsync(EmailTokenPurpose purpose, Func<byte[], DateTimeOffset, EmailToken> issued,
        Func<string, OutboxMessage> message, CancellationToken cancellationToken)
    {
        var minted = codec.Mint(purpose);
        await store.AddAsync(issued(minted.Hash, clock.UtcNow + Lifetime(purpose)), cancellationToken);
        try
        {
            await outbox.EnqueueAsync(message(minted.Token), cancellationToken);
        }
        catch (OutboxUnavailableException)
        {
            // Not the request's to cancel: the row must go even if the client has left.
            await store.TryConsumeAsync(minted.Hash, purpose, clock.UtcNow, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The stored token, now spent; <c>invalid_email_token</c> for anything else.</summary>
    public async Task<Result<EmailToken>> ConsumeAsync(string token, EmailTokenPurpose purpose, CancellationToken cancellationToken)
    {
        if (codec.Hash(token, purpose) is not { } hash ||
            await store.TryConsumeAsync(hash, purpose, clock.UtcNow, cancellationToken) is not { } stored)
        {
            return DomainErrors.InvalidEmailToken;
        }

        return stored;
    }

    /// <summary>Puts a spent token back when the confirm that spent it failed for a reason the holder can fix (a refused password).</summary>
    public Task RestoreAsync(EmailToken token, CancellationToken cancellationToken) => store.AddAsync(token, cancellationToken);

    /// <summary>
    /// Voids every link sent to <paramref name="email"/>. A pending registration binds to no account, so nothing else
    /// would stop a link sent before an account was deleted from creating it again.
    /// </summary>
    public Task VoidForAddressAsync(Email email, CancellationToken cancellationToken) => store.RemoveForAddressAsync(email.Value, cancellationToken);

    /// <summary>Whether <paramref name="user"/> is still the account the token was issued for, with the same password and email.</summary>
    public static bool StillBinds(EmailToken token, User? user) =>
        user is not null && token.UserId == user.Id.Value && token.CredentialVersion == user.CredentialVersion &&
        string.Equals(token.Email, user.Email.Value, StringComparison.Ordinal);

    private static TimeSpan Lifetime(EmailTokenPurpose purpose) => purpose switch
    {
        EmailTokenPurpose.Verification => VerificationLifetime,
        EmailTokenPurpose.PasswordReset => PasswordResetLifetime,
        _ => EmailChangeLifetime,
    };
}
