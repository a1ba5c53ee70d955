using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Common;

/// <summary>Starts sessions and builds the token response that register, login and refresh return.</summary>
internal sealed class SessionIssuer(
    ISessionRepository sessions,
    IRefreshTokenCodec refreshTokens,
    IAccessTokenIssuer accessTokens,
    SessionPolicy policy)
{
    public async Task<(AuthResponse Response, Session Session)> StartAsync(User user, ClientInfo client, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var id = SessionId.New();
        var minted = refreshTokens.Mint(id, generation: 0);
        var session = Session.Start(id, user.Id, minted.SecretHash, now, policy, client.UserAgent, client.IpAddress);
        await sessions.AddAsync(session, cancellationToken);
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
            User: user.ToResponse());
    }
}
