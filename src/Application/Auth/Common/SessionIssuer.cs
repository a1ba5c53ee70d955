using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Common;
using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Common;

/// <summary>Starts sessions and builds the token response that register, login and refresh return.</summary>
internal sealed class SessionIssuer(
    ISessionRepository sessions,
    IRefreshTokenCodec refreshTokens,
    IAccessTokenIssuer accessTokens,
    DeviceTrust devices,
    SessionPolicy policy)
{
    /// <summary>
    /// Starts a session stamped with the credential version the password was checked against, and with a second-factor
    /// proof when <paramref name="secondFactor"/> (a sign-in completed with a code); <c>invalid_credentials</c> when the
    /// account was deleted or its password changed since (the store refuses the session).
    /// </summary>
    public async Task<Result<(AuthResponse Response, Session Session)>> StartAsync(User user, ClientInfo client, DateTimeOffset now,
        bool secondFactor, CancellationToken cancellationToken)
    {
        var id = SessionId.New();
        var minted = refreshTokens.Mint(id, generation: 0);
        var session = Session.Start(id, user.Id, user.CredentialVersion, minted.SecretHash, now, policy, client.UserAgent,
            client.IpAddress);
        if (secondFactor)
        {
            session.RecordSecondFactor(now);
        }

        if (!await sessions.TryStartAsync(session, cancellationToken))
        {
            return DomainErrors.InvalidCredentials;
        }

        return (Respond(user, session, minted.Token, now), session);
    }

    public AuthResponse Respond(User user, Session session, string refreshToken, DateTimeOffset now)
    {
        var access = accessTokens.Issue(user.Id, session, now);
        return new AuthResponse(
            TokenType: "Bearer",
            AccessToken: access.Token,
            ExpiresIn: (long)access.Lifetime.TotalSeconds,
            RefreshToken: refreshToken,
            RefreshTokenExpiresIn: (long)Math.Max(0, (session.ExpiresAt - now).TotalSeconds),
            DeviceToken: devices.Issue(user, now),
            User: user.ToResponse());
    }
}
