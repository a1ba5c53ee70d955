using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Mail;
using Latch.Application.Common.Outbox;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Auth.PasswordReset;

/// <summary>
/// The same work for every address: one throttle reservation, one read of the address, one token stored (bound to
/// the account when there is one, to nothing when there is none) and one outbox message. Whether an email goes out is
/// the sender's decision, out of band (ADR 0012), so neither the answer nor its timing says whether the account exists.
/// </summary>
internal sealed class RequestPasswordResetHandler(
    IUserRepository users,
    EmailTokens tokens,
    MailThrottle throttle) : ICommandHandler<RequestPasswordResetCommand, Result>
{
    public async ValueTask<Result> Handle(RequestPasswordResetCommand command, CancellationToken cancellationToken)
    {
        var email = command.Email;
        var allowed = await throttle.TakeAsync(email, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed;
        }

        var user = await users.FindByEmailAsync(email, cancellationToken);
        await tokens.IssueAndSendAsync(EmailTokenPurpose.PasswordReset, (hash, expiresAt) => new EmailToken(
                hash, EmailTokenPurpose.PasswordReset, email.Value, user?.Id.Value, user?.CredentialVersion ?? 0,
                NewEmail: null, PasswordHash: null, DisplayName: null, expiresAt),
            token => new PasswordResetRequested(OutboxMessage.NewId(), email.Value, token), cancellationToken);
        return Result.Success();
    }
}
