using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Auth.Login;

internal sealed class LoginHandler(
    IUserRepository users,
    IPasswordHasher hasher,
    ReauthenticationGuard guard,
    DeviceTrust devices,
    SessionIssuer sessions,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<LoginCommand, Result<AuthResponse>>
{
    public async ValueTask<Result<AuthResponse>> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        // A malformed email cannot have an account; it gets the same answer, and the same cost, as an unknown one.
        var parsed = Email.Create(command.Email);
        if (!parsed.IsSuccess)
        {
            if (await hasher.VerifyAgainstDummyAsync(command.Password!, cancellationToken) is { IsSuccess: false } busy)
            {
                return busy.Error;
            }

            audit.Record(AuditEvent.LoginFailed);
            return DomainErrors.InvalidCredentials;
        }

        var email = parsed.Value;
        var user = await users.FindByEmailAsync(email, cancellationToken);
        // A device that signed in to this account before is checked under its own budget, not the email's.
        var budget = devices.BudgetFor(email, user, command.DeviceToken, clock.UtcNow);
        var check = await guard.CheckAsync(budget, user, command.Password!, cancellationToken);
        if (!check.IsSuccess)
        {
            return check.Error;
        }

        if (check.Value == PasswordCheck.Mismatch || user is null)
        {
            return DomainErrors.InvalidCredentials;
        }

        var now = clock.UtcNow;
        if (check.Value == PasswordCheck.MatchNeedsRehash &&
            await hasher.HashAsync(command.Password!, cancellationToken) is { IsSuccess: true } rehashed)
        {
            // Best effort: a concurrent update, or a full hashing queue, wins, and the upgrade happens on a later sign-in.
            user.ReplacePasswordHash(rehashed.Value, now);
            await users.TryUpdateAsync(user, cancellationToken);
        }

        var started = await sessions.StartAsync(user, command.Client, now, cancellationToken);
        if (!started.IsSuccess)
        {
            // The account was deleted, or its password changed, while this sign-in was in flight.
            return started.Error;
        }

        var (response, session) = started.Value;
        audit.Record(AuditEvent.LoginSucceeded, user.Id, session.Id);
        return response;
    }
}
