namespace Latch.Domain.Common;

/// <summary>The named expected failures of accounts and sessions, mapped once to HTTP at the edge.</summary>
public static class DomainErrors
{
    public static readonly Error EmailTaken =
        new("email_taken", "An account with this email already exists.", ErrorKind.Conflict);

    public static readonly Error InvalidCredentials =
        new("invalid_credentials", "The email or password is incorrect.", ErrorKind.Unauthorized);

    public static readonly Error InvalidRefreshToken =
        new("invalid_refresh_token", "The refresh token is invalid, expired or revoked.", ErrorKind.Unauthorized);

    public static readonly Error InvalidToken =
        new("invalid_token", "The access token is invalid, expired or revoked.", ErrorKind.Unauthorized);

    public static readonly Error WrongPassword =
        new("wrong_password", "The password given to confirm this change is incorrect.", ErrorKind.Forbidden);

    public static readonly Error SessionNotFound =
        new("not_found", "No active session with this id belongs to you.", ErrorKind.NotFound);

    public static readonly Error Overloaded =
        new("unavailable", "The service is busy. Try again shortly.", ErrorKind.Unavailable, TimeSpan.FromSeconds(1));

    public static Error TooManyAttempts(TimeSpan retryAfter) =>
        new("too_many_attempts", "Too many failed attempts for this account. Try again later.",
            ErrorKind.TooManyRequests, retryAfter);
}
