namespace Latch.Application.Common.Models;

/// <summary>A new access token for the caller's session (after a step-up): the refresh token is unchanged.</summary>
public sealed record AccessTokenResponse(string TokenType, string AccessToken, long ExpiresIn);
