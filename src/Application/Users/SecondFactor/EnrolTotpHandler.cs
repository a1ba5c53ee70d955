using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Users.SecondFactor;

/// <summary>
/// A fresh secret, sealed into the account as a pending factor: it plays no part in sign-in until a code from it is
/// confirmed, so a half-finished enrolment never locks anyone out. Restarting replaces a pending secret; an active
/// factor is disabled first, with a code from it.
/// </summary>
internal sealed class EnrolTotpHandler(
    IUserRepository users,
    Credentials credentials,
    ITotpAuthenticator authenticator,
    IAuditTrail audit,
    IClock clock) : ICommandHandler<EnrolTotpCommand, Result<TotpEnrolmentResponse>>
{
    // The name authenticator apps show above the account's codes.
    private const string Issuer = "Latch";

    public async ValueTask<Result<TotpEnrolmentResponse>> Handle(EnrolTotpCommand command, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(command.Caller.UserId, cancellationToken);
        if (user is null)
        {
            return DomainErrors.InvalidToken;
        }

        if (user.HasSecondFactor)
        {
            return SecondFactorErrors.AlreadyEnabled;
        }

        var reauthenticated = await credentials.ReauthenticateAsync(user, command.CurrentPassword, cancellationToken);
        if (!reauthenticated.IsSuccess)
        {
            return reauthenticated.Error;
        }

        var secret = authenticator.NewSecret(user.Id);
        user.BeginTotp(secret.Sealed, clock.UtcNow);
        if (!await users.TryUpdateAsync(user, cancellationToken))
        {
            return DomainErrors.Conflict;
        }

        audit.Record(AuditEvent.TotpEnrolmentStarted, user.Id, command.Caller.SessionId);
        return new TotpEnrolmentResponse(secret.Base32, OtpauthUri(user.Email, secret.Base32));
    }

    /// <summary>The Key Uri Format authenticator apps read: label "issuer:account", the parameters spelled out.</summary>
    private static string OtpauthUri(Email email, string secret)
    {
        var label = Uri.EscapeDataString($"{Issuer}:{email.Value}");
        return $"otpauth://totp/{label}?secret={secret}&issuer={Issuer}&algorithm=SHA1&digits=6&period=30";
    }
}
