using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Auth.Login;

/// <summary>Signs in: the password is <see cref="Credentials"/>' to judge; a session is started for the account it names.</summary>
internal sealed class LoginHandler(Credentials credentials, SessionIssuer sessions, IMfaTokenCodec mfaTokens, IAuditTrail audit,
    IClock clock)
    : ICommandHandler<LoginCommand, Result<AuthResponse>>
{
    public async ValueTask<Result<AuthResponse>> Handle(LoginCommand command, CancellationToken cancellationToken)
    {
        var signedIn = await credentials.SignInAsync(command.Email, command.Password, command.DeviceToken, cancellationToken);
        if (!signedIn.IsSuccess)
        {
            return signedIn.Error;
        }

        var user = signedIn.Value;
        if (user.HasSecondFactor)
        {
            // Only now, with the password right: a wrong one is answered above exactly as an unknown email is.
            audit.Record(AuditEvent.MfaChallengeIssued, user.Id);
            return SecondFactorErrors.Required(mfaTokens.Mint(user.Id, SecondFactors.StateOf(user), clock.UtcNow));
        }

        var started = await sessions.StartAsync(user, command.Client, clock.UtcNow, secondFactor: false, cancellationToken);
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
