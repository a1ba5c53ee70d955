using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Mail;
using Latch.Application.Common.Outbox;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.ChangeEmail;

/// <summary>
/// Re-authenticates (under the back-off, through <see cref="Credentials"/>; with a second factor active, after a recent
/// step-up on this session, <see cref="RecentSecondFactor"/>), then does the same work whether or not the
/// new address is taken: one mail-budget reservation for the new address, one read of it, one token bound to the
/// account's id, credential version and current email, one outbox message. The sender sends the link, or a notice to
/// a taken address, and a notice to the current one (ADR 0012).
/// </summary>
internal sealed class RequestEmailChangeHandler(
    IUserRepository users,
    Credentials credentials,
    RecentSecondFactor recentSecondFactor,
    EmailTokens tokens,
    MailThrottle throttle) : ICommandHandler<RequestEmailChangeCommand, Result>
{
    public async ValueTask<Result> Handle(RequestEmailChangeCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(command.Caller.UserId, cancellationToken);
        if (user is null)
        {
            return DomainErrors.InvalidToken;
        }

        // Before the password is checked: a stolen access token alone gets no password guesses out of this.
        var steppedUp = await recentSecondFactor.RequireAsync(user, command.Caller, "email", cancellationToken);
        if (!steppedUp.IsSuccess)
        {
            return steppedUp;
        }

        var reauthenticated = await credentials.ReauthenticateAsync(user, command.CurrentPassword, cancellationToken);
        if (!reauthenticated.IsSuccess)
        {
            return reauthenticated;
        }

        var allowed = await throttle.TakeAsync(command.NewEmail, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed;
        }

        // Read for every address, used by none: whether it is taken is the sender's to act on, and the confirm's.
        _ = await users.FindByEmailAsync(command.NewEmail, cancellationToken);
        await tokens.IssueAndSendAsync(EmailTokenPurpose.EmailChange, (hash, expiresAt) => new EmailToken(
                hash, EmailTokenPurpose.EmailChange, user.Email.Value, user.Id.Value, user.CredentialVersion,
                command.NewEmail.Value, PasswordHash: null, DisplayName: null, expiresAt),
            token => new EmailChangeRequested(OutboxMessage.NewId(), user.Id.Value, command.NewEmail.Value, token), cancellationToken);
        return Result.Success();
    }
}
