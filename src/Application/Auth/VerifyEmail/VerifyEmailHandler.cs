using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Mail;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Auth.VerifyEmail;

/// <summary>
/// Spends a verification token and creates the account it carries, then signs in. Only now does the account exist, so
/// an address nobody verified cannot sign in. The password chosen at registration must come with the token, checked
/// against the hash the token carries under the address's sign-in back-off (<see cref="Credentials"/>): the link alone
/// reaches the address's owner even when someone else registered it, and must not give them that person's account. A
/// wrong password puts the token back, so that whoever chose the password can still use it. If another registration of the address was verified first, the unique
/// email decides: <c>email_taken</c>, which tells nothing to anyone but the address's owner, who holds the link.
/// </summary>
internal sealed class VerifyEmailHandler(
    IUserRepository users,
    EmailTokens tokens,
    Credentials credentials,
    SessionIssuer sessions,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<VerifyEmailCommand, Result<AuthResponse>>
{
    public async ValueTask<Result<AuthResponse>> Handle(VerifyEmailCommand command, CancellationToken cancellationToken)
    {
        var consumed = await tokens.ConsumeAsync(command.Token, EmailTokenPurpose.Verification, cancellationToken);
        if (!consumed.IsSuccess)
        {
            return consumed.Error;
        }

        var token = consumed.Value;
        if (Email.Create(token.Email) is not { IsSuccess: true } email || token.PasswordHash is null || token.DisplayName is null)
        {
            return DomainErrors.InvalidEmailToken;
        }

        var proven = await credentials.VerifyPendingAsync(email.Value, token.PasswordHash, command.Password, cancellationToken);
        if (!proven.IsSuccess)
        {
            // Not the request's token: the link must stay usable even if this client left.
            await tokens.RestoreAsync(token, CancellationToken.None);
            return proven.Error;
        }

        var now = clock.UtcNow;
        var user = User.Register(email.Value, DisplayName.FromTrusted(token.DisplayName), token.PasswordHash, now);
        if (!await users.TryAddAsync(user, cancellationToken))
        {
            return DomainErrors.EmailTaken;
        }

        var started = await sessions.StartAsync(user, command.Client, now, secondFactor: false, cancellationToken);
        if (!started.IsSuccess)
        {
            return started.Error;
        }

        var (response, session) = started.Value;
        audit.Record(AuditEvent.Registered, user.Id, session.Id);
        return response;
    }
}
