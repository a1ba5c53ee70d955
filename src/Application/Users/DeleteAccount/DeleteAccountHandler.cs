using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Mediator;

namespace Latch.Application.Users.DeleteAccount;

/// <summary>Deletes the account after re-authentication; its sessions go with it and its email becomes free.</summary>
internal sealed class DeleteAccountHandler(IUserRepository users, ReauthenticationGuard guard, IAuditTrail audit)
    : ICommandHandler<DeleteAccountCommand, Result>
{
    public async ValueTask<Result> Handle(DeleteAccountCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(command.Caller.UserId, cancellationToken);
        if (user is null)
        {
            return DomainErrors.InvalidToken;
        }

        var check = await guard.CheckAsync(AttemptKey.ForEmail(user.Email), user, command.Password!, cancellationToken);
        if (!check.IsSuccess)
        {
            return check.Error;
        }

        if (check.Value == PasswordCheck.Mismatch)
        {
            return DomainErrors.WrongPassword;
        }

        await users.DeleteAsync(user.Id, cancellationToken);
        audit.Record(AuditEvent.AccountDeleted, user.Id, command.Caller.SessionId);
        return Result.Success();
    }
}
