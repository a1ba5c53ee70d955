using System.Security.Cryptography;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latch.Infrastructure.Security.Tokens;

/// <summary>RFC 9068-style access tokens: <c>typ: at+jwt</c>, <c>kid</c> in the header, and no personal data in the payload.</summary>
internal sealed class JwtAccessTokenIssuer(JwtKeyRing keys, string issuer, string audience, TimeSpan lifetime) : IAccessTokenIssuer
{
    public const string TokenType = "at+jwt";
    public const string SessionClaim = "sid";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public AccessToken Issue(UserId userId, Session session, DateTimeOffset now)
    {
        var issuedAt = now.UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            TokenType = TokenType,
            SigningCredentials = keys.Signing,
            Claims = new Dictionary<string, object>(4, StringComparer.Ordinal)
            {
                [JwtRegisteredClaimNames.Sub] = userId.ToString(),
                [SessionClaim] = session.Id.ToString(),
                [JwtRegisteredClaimNames.Jti] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                [JwtRegisteredClaimNames.AuthTime] = session.CreatedAt.ToUnixTimeSeconds(),
            },
        };
        return new AccessToken(_handler.CreateToken(descriptor), lifetime);
    }
}
