using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Mail;
using Latch.Application.Common.Outbox;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Auth.Register;

/// <summary>
/// The same work for a new, a registered and a pending address: one mail-budget reservation, one read of the address,
/// the breach check and the bcrypt hash, one verification token stored with the pending account, one outbox message.
/// The sender turns the message into a verification link or, for a registered address, a notice (ADR 0012); the
/// token of a registered address is never sent, and would only meet the unique email at verification.
/// </summary>
internal sealed class StartRegistrationHandler(
    IUserRepository users,
    IPasswordHasher hasher,
    PasswordRules passwords,
    EmailTokens tokens,
    MailThrottle throttle) : ICommandHandler<StartRegistrationCommand, Result>
{
    public async ValueTask<Result> Handle(StartRegistrationCommand command, CancellationToken cancellationToken)
    {
        var email = command.Email;
        var allowed = await throttle.TakeAsync(email, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed;
        }

        // Read for every address, used by none: the request's cost must not depend on the answer.
        _ = await users.FindByEmailAsync(email, cancellationToken);

        var breached = await passwords.CheckBreachesAsync(command.Password, "password", cancellationToken);
        if (!breached.IsSuccess)
        {
            return breached;
        }

        var hash = await hasher.HashAsync(command.Password, cancellationToken);
        if (!hash.IsSuccess)
        {
            return hash.Error;
        }

        var displayName = (command.DisplayName ?? DisplayName.FromEmail(email)).Value;
        await tokens.IssueAndSendAsync(EmailTokenPurpose.Verification, (tokenHash, expiresAt) => new EmailToken(
                tokenHash, EmailTokenPurpose.Verification, email.Value, UserId: null, CredentialVersion: 0, NewEmail: null,
                hash.Value, displayName, expiresAt),
            token => new RegistrationRequested(OutboxMessage.NewId(), email.Value, token), cancellationToken);
        return Result.Success();
    }
}
