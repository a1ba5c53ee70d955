using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Mail;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Users.ChangeEmail;

/// <summary>
/// Spends an email-change token and moves the account to the new address. The token must be the caller's and still
/// bind to the account (same password, same email); an address another account has by now is <c>email_taken</c> and
/// changes nothing (the store's unique index decides).
/// </summary>
internal sealed class ConfirmEmailChangeHandler(
    IUserRepository users,
    EmailTokens tokens,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<ConfirmEmailChangeCommand, Result>
{
    private const int MaxAttempts = 3;

    public async ValueTask<Result> Handle(ConfirmEmailChangeCommand command, CancellationToken cancellationToken)
    {
        var consumed = await tokens.ConsumeAsync(command.Token, EmailTokenPurpose.EmailChange, cancellationToken);
        if (!consumed.IsSuccess)
        {
            return consumed.Error;
        }

        var token = consumed.Value;
        var user = await users.FindByIdAsync(command.Caller.UserId, cancellationToken);
        if (!EmailTokens.StillBinds(token, user) || Email.Create(token.NewEmail) is not { IsSuccess: true } newEmail)
        {
            return DomainErrors.InvalidEmailToken;
        }

        var outcome = await TryMoveAsync(user!, token, newEmail.Value, cancellationToken);
        if (!outcome.IsSuccess)
        {
            if (outcome.Error.Code == ErrorCodes.Conflict)
            {
                // Still binding, only outrun: the answer says "send it again", so the link must still work when it is.
                await tokens.RestoreAsync(token, CancellationToken.None);
            }

            return outcome.Error;
        }

        audit.Record(AuditEvent.EmailChanged, user!.Id, command.Caller.SessionId);
        return Result.Success();
    }

    /// <summary>
    /// Writes the new address. Another write to the account may land between the read and this write (a new display
    /// name, a sign-in's second-factor step): the token still binds then, so the change goes on top of it, as a
    /// password reset does, rather than the spent link failing for a change that has nothing to do with it.
    /// </summary>
    private async Task<Result> TryMoveAsync(User user, EmailToken token, Email newEmail, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            user.ChangeEmail(newEmail, clock.UtcNow);
            if (await users.TryUpdateAsync(user, cancellationToken))
            {
                return Result.Success();
            }

            if (await users.FindByEmailAsync(newEmail, cancellationToken) is { } holder && holder.Id != user.Id)
            {
                return DomainErrors.EmailTaken;
            }

            if (await users.FindByIdAsync(user.Id, cancellationToken) is not { } current || !EmailTokens.StillBinds(token, current))
            {
                // The password or the email changed (or the account is gone) meanwhile: the token was issued for what it was.
                return DomainErrors.InvalidEmailToken;
            }

            user = current;
        }

        return DomainErrors.Conflict;
    }
}
