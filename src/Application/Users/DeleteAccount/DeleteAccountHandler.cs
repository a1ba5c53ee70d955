using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Mail;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.DeleteAccount;

/// <summary>
/// Deletes the account after re-authentication (and, with a second factor active, a recent step-up on this session); its
/// sessions go with it, its email becomes free, and every link mailed to that address is void (a pending registration
/// sent before would otherwise create the account again).
/// </summary>
internal sealed class DeleteAccountHandler(
    IUserRepository users,
    Credentials credentials,
    RecentSecondFactor recentSecondFactor,
    EmailTokens tokens,
    IAuditTrail audit)
    : ICommandHandler<DeleteAccountCommand, Result>
{
    public async ValueTask<Result> Handle(DeleteAccountCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(command.Caller.UserId, cancellationToken);
        if (user is null)
        {
            return DomainErrors.InvalidToken;
        }

        // Before the password is checked: a stolen access token alone gets no password guesses out of this.
        var steppedUp = await recentSecondFactor.RequireAsync(user, command.Caller, "delete", cancellationToken);
        if (!steppedUp.IsSuccess)
        {
            return steppedUp;
        }

        var reauthenticated = await credentials.ReauthenticateAsync(user, command.Password, cancellationToken);
        if (!reauthenticated.IsSuccess)
        {
            return reauthenticated;
        }

        // Before the account goes: if this fails nothing is deleted, and if the deletion then fails the links lost were
        // only ones the owner can ask for again. Links of a registration sent after this are the new owner's to use.
        await tokens.VoidForAddressAsync(user.Email, cancellationToken);
        await users.DeleteAsync(user.Id, cancellationToken);
        audit.Record(AuditEvent.AccountDeleted, user.Id, command.Caller.SessionId);
        return Result.Success();
    }
}
