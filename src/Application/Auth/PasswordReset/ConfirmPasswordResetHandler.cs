using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Mail;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Auth.PasswordReset;

/// <summary>
/// Sets a new password with a reset token: the token is spent in the same step that finds it, must still bind to the
/// account (same password, same email), and the new password passes the full policy. Every session of the account
/// ends (the credential version goes up), and the email's sign-in back-off is forgotten: the owner proved the mailbox.
/// </summary>
internal sealed class ConfirmPasswordResetHandler(
    IUserRepository users,
    ISessionRepository sessions,
    IFailedLoginTracker failures,
    IPasswordHasher hasher,
    PasswordRules passwords,
    EmailTokens tokens,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<ConfirmPasswordResetCommand, Result>
{
    private const int MaxAttempts = 3;

    public async ValueTask<Result> Handle(ConfirmPasswordResetCommand command, CancellationToken cancellationToken)
    {
        var consumed = await tokens.ConsumeAsync(command.Token, EmailTokenPurpose.PasswordReset, cancellationToken);
        if (!consumed.IsSuccess)
        {
            return consumed.Error;
        }

        var token = consumed.Value;
        var user = token.UserId is { } id ? await users.FindByIdAsync(new UserId(id), cancellationToken) : null;
        if (!EmailTokens.StillBinds(token, user))
        {
            return DomainErrors.InvalidEmailToken;
        }

        // A refused password is the holder's to fix: the token goes back, so the same link works with a better one.
        var policy = passwords.Validate(command.NewPassword, user!.Email, "newPassword");
        var checkedPassword = policy.IsSuccess
            ? await passwords.CheckBreachesAsync(command.NewPassword, "newPassword", cancellationToken)
            : policy;
        Result<string> hash = checkedPassword.IsSuccess ? await hasher.HashAsync(command.NewPassword, cancellationToken) : checkedPassword.Error;
        if (!hash.IsSuccess)
        {
            await tokens.RestoreAsync(token, CancellationToken.None);
            return hash.Error;
        }

        var now = clock.UtcNow;
        if (!await TrySetPasswordAsync(user, token, hash.Value, now, cancellationToken))
        {
            // The account's password or email changed in between: the token was issued for what it was.
            return DomainErrors.InvalidEmailToken;
        }

        await sessions.RevokeAllForUserAsync(user.Id, except: null, now, RevocationReason.PasswordChanged, cancellationToken);
        if (!user.HasSecondFactor)
        {
            // With a factor active the budget also counts wrong codes, and a reset proves the mailbox and a new password,
            // not the factor: it must not buy fresh guesses at the code (ADR 0014). Only a right code resets it then.
            await failures.ResetAsync(AttemptKey.ForEmail(user.Email), CancellationToken.None);
        }

        audit.Record(AuditEvent.PasswordReset, user.Id);
        return Result.Success();
    }

    /// <summary>
    /// Writes the new password. Another write to the account may land first while the password is hashed (a new display
    /// name, a sign-in's second-factor step): the token still binds then, so the password goes on top of it, rather
    /// than the spent link failing for a change that has nothing to do with it.
    /// </summary>
    private async Task<bool> TrySetPasswordAsync(User user, EmailToken token, string passwordHash, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            user.ChangePassword(passwordHash, now);
            if (await users.TryUpdateAsync(user, cancellationToken))
            {
                return true;
            }

            if (await users.FindByIdAsync(user.Id, cancellationToken) is not { } current || !EmailTokens.StillBinds(token, current))
            {
                return false;
            }

            user = current;
        }

        return false;
    }
}
