using System.Security.Cryptography;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Latch.Infrastructure.Security.Tokens;

/// <summary>
/// RFC 9068-style access tokens: <c>typ: at+jwt</c>, <c>kid</c> in the header, and no personal data in the payload. They
/// say how the session was won: <c>amr</c> (RFC 8176 names), <c>auth_time</c> (the sign-in), and <c>mfa_time</c> (the
/// last second-factor proof on the session, when there was one), so an API can demand a recent second factor.
/// </summary>
internal sealed class JwtAccessTokenIssuer(JwtKeyRing keys, string issuer, string audience, TimeSpan lifetime) : IAccessTokenIssuer
{
    public const string TokenType = "at+jwt";
    public const string SessionClaim = "sid";
    public const string MethodsClaim = "amr";

    /// <summary>Not registered anywhere: the time (NumericDate) of the last second-factor proof on the session.</summary>
    public const string SecondFactorTimeClaim = "mfa_time";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public AccessToken Issue(UserId userId, Session session, DateTimeOffset now)
    {
        var issuedAt = now.UtcDateTime;
        var claims = new Dictionary<string, object>(6, StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = userId.ToString(),
            [SessionClaim] = session.Id.ToString(),
            [JwtRegisteredClaimNames.Jti] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            [JwtRegisteredClaimNames.AuthTime] = session.AuthenticatedAt.ToUnixTimeSeconds(),

            // A List<string>: a type the handler's payload writer turns into a JSON array by itself, with no
            // reflection-based serialiser behind it, so the claim is written the same under Native AOT.
            [MethodsClaim] = Amr.Values(session.Methods),
        };
        if (session.SecondFactorAt is { } proved)
        {
            claims[SecondFactorTimeClaim] = proved.ToUnixTimeSeconds();
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            TokenType = TokenType,
            SigningCredentials = keys.Signing,
            Claims = claims,
        };
        return new AccessToken(_handler.CreateToken(descriptor), lifetime);
    }
}
