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

        user!.ChangeEmail(newEmail.Value, clock.UtcNow);
        if (!await users.TryUpdateAsync(user, cancellationToken))
        {
            return await users.FindByEmailAsync(newEmail.Value, cancellationToken) is { } holder && holder.Id != user.Id
                ? DomainErrors.EmailTaken
                : DomainErrors.Conflict;
        }

        audit.Record(AuditEvent.EmailChanged, user.Id, command.Caller.SessionId);
        return Result.Success();
    }
}
