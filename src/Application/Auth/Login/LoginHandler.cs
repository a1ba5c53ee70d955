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
    SessionIssuer sessions,
    IClock clock) : ICommandHandler<LoginCommand, Result<AuthResponse>>
{
    public async ValueTask<Result<AuthResponse>> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        // A malformed email cannot have an account; it gets the same answer, and the same cost, as an unknown one.
        var parsed = Email.Create(command.Email);
        if (!parsed.IsSuccess)
        {
            hasher.VerifyAgainstDummy(command.Password!);
            return DomainErrors.InvalidCredentials;
        }

        var email = parsed.Value;
        if (await guard.CheckBackoffAsync(email, cancellationToken) is { } tooMany)
        {
            return tooMany;
        }

        var user = await users.FindByEmailAsync(email, cancellationToken);
        var check = await guard.VerifyAsync(email, user, command.Password!, cancellationToken);
        if (check == PasswordCheck.Mismatch || user is null)
        {
            return DomainErrors.InvalidCredentials;
        }

        var now = clock.UtcNow;
        if (check == PasswordCheck.MatchNeedsRehash)
        {
            // Best effort: a concurrent update wins, and the upgrade happens on a later sign-in.
            user.ReplacePasswordHash(hasher.Hash(command.Password!), now);
            await users.TryUpdateAsync(user, cancellationToken);
        }

        return await sessions.StartAsync(user, command.Client, now, cancellationToken);
    }
}
