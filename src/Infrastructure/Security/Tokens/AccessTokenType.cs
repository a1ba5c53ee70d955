using Microsoft.IdentityModel.Tokens;

namespace Latch.Infrastructure.Security.Tokens;

/// <summary>
/// The <c>typ</c> an access token must carry: RFC 9068 section 4 allows <c>at+jwt</c> and its full media type
/// <c>application/at+jwt</c> (RFC 7515 section 4.1.9), and media type names compare case-insensitively
/// (RFC 6838 section 4.2). Nothing else passes: no parameters, no padding, no other type — the pin that keeps an
/// ID token or any other JWT signed by the same key from being used as an access token.
/// </summary>
internal static class AccessTokenType
{
    private const string MediaTypePrefix = "application/";

    public static bool IsAccepted(string? type) =>
        type is not null &&
        (string.Equals(type, JwtAccessTokenIssuer.TokenType, StringComparison.OrdinalIgnoreCase) ||
         string.Equals(type, MediaTypePrefix + JwtAccessTokenIssuer.TokenType, StringComparison.OrdinalIgnoreCase));

    /// <summary>A <see cref="TypeValidator"/>: returns the type when accepted, throws the library's type exception otherwise.</summary>
    public static string Validate(string? type, SecurityToken securityToken, TokenValidationParameters validationParameters) =>
        IsAccepted(type)
            ? type!
            : throw new SecurityTokenInvalidTypeException("The token is not an access token.") { InvalidType = type };
}
