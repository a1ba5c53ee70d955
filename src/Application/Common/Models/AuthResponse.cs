namespace Latch.Application.Common.Models;

public sealed record AuthResponse(
    string TokenType,
    string AccessToken,
    long ExpiresIn,
    string RefreshToken,
    long RefreshTokenExpiresIn,
    UserResponse User);
