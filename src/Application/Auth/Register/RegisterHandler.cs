using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Auth.Register;

internal sealed class RegisterHandler(
    IUserRepository users,
    IPasswordHasher hasher,
    PasswordRules passwords,
    SessionIssuer sessions,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<RegisterCommand, Result<AuthResponse>>
{
    public async ValueTask<Result<AuthResponse>> Handle(RegisterCommand command, CancellationToken cancellationToken)
    {
        var email = command.Email;
        var displayName = command.DisplayName ?? DisplayName.FromEmail(email);

        // Saves a bcrypt hash on the common conflict; the unique index below still decides races.
        if (await users.FindByEmailAsync(email, cancellationToken) is not null)
        {
            return DomainErrors.EmailTaken;
        }

        var breached = await passwords.CheckBreachesAsync(command.Password, "password", cancellationToken);
        if (!breached.IsSuccess)
        {
            return breached.Error;
        }

        var hash = await hasher.HashAsync(command.Password, cancellationToken);
        if (!hash.IsSuccess)
        {
            return hash.Error;
        }

        var now = clock.UtcNow;
        var user = User.Register(email, displayName, hash.Value, now);
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
