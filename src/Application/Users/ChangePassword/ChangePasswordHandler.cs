using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Sessions;
using Mediator;

namespace Latch.Application.Users.ChangePassword;

/// <summary>
/// Changes the password after re-authentication (and, with a second factor active, a recent step-up on this session) and
/// ends every other session of the user.
/// </summary>
internal sealed class ChangePasswordHandler(
    IUserRepository users,
    ISessionRepository sessions,
    IPasswordHasher hasher,
    Credentials credentials,
    RecentSecondFactor recentSecondFactor,
    PasswordRules passwords,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<ChangePasswordCommand, Result>
{
    public async ValueTask<Result> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(command.Caller.UserId, cancellationToken);
        if (user is null)
        {
            return DomainErrors.InvalidToken;
        }

        // Before the password is checked: a stolen access token alone gets no password guesses out of this.
        var steppedUp = await recentSecondFactor.RequireAsync(user, command.Caller, "password", cancellationToken);
        if (!steppedUp.IsSuccess)
        {
            return steppedUp;
        }

        var policy = passwords.Validate(command.NewPassword, user.Email, "newPassword");
        if (!policy.IsSuccess)
        {
            return policy;
        }

        var reauthenticated = await credentials.ReauthenticateAsync(user, command.CurrentPassword, cancellationToken);
        if (!reauthenticated.IsSuccess)
        {
            return reauthenticated;
        }

        // Only once the caller has proved the current password: the external check is not for anyone holding a token.
        var breached = await passwords.CheckBreachesAsync(command.NewPassword, "newPassword", cancellationToken);
        if (!breached.IsSuccess)
        {
            return breached;
        }

        var hash = await hasher.HashAsync(command.NewPassword, cancellationToken);
        if (!hash.IsSuccess)
        {
            return hash.Error;
        }

        var now = clock.UtcNow;
        user.ChangePassword(hash.Value, now);

        // The caller's session first: stamped at least as new as the user at every moment, it never stops working,
        // while every session stamped with the old credential is refused from the moment the update lands.
        await sessions.RestampAsync(command.Caller.SessionId, user.CredentialVersion, cancellationToken);
        if (!await users.TryUpdateAsync(user, cancellationToken))
        {
            // Someone changed the account in between (another password change): this password was not set, and the
            // client may send the request again, which then runs on the fresh state.
            return DomainErrors.Conflict;
        }

        await sessions.RevokeAllForUserAsync(user.Id, command.Caller.SessionId, now, RevocationReason.PasswordChanged,
            cancellationToken);
        audit.Record(AuditEvent.PasswordChanged, user.Id, command.Caller.SessionId);
        return Result.Success();
    }
}
