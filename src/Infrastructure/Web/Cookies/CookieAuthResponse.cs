using Latch.Application.Common.Models;

namespace Latch.Infrastructure.Web.Cookies;

/// <summary>An AuthResponse under the cookie transport: everything but the refresh token, which is in the cookie.</summary>
public sealed record CookieAuthResponse(
    string TokenType,
    string AccessToken,
    long ExpiresIn,
    long RefreshTokenExpiresIn,
    string DeviceToken,
    UserResponse User)
{
    public static CookieAuthResponse From(AuthResponse response) =>
        new(response.TokenType, response.AccessToken, response.ExpiresIn, response.RefreshTokenExpiresIn,
            response.DeviceToken, response.User);
}
