using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.DeleteAccount;

/// <summary>
/// Deletes the account after re-authentication (and, with a second factor active, a recent step-up on this session); its
/// sessions go with it and its email becomes free.
/// </summary>
internal sealed class DeleteAccountHandler(
    IUserRepository users,
    Credentials credentials,
    RecentSecondFactor recentSecondFactor,
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

        await users.DeleteAsync(user.Id, cancellationToken);
        audit.Record(AuditEvent.AccountDeleted, user.Id, command.Caller.SessionId);
        return Result.Success();
    }
}
