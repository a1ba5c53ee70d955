namespace Latch.Domain.Common;

/// <summary>The named expected failures of accounts and sessions, mapped once to HTTP at the edge.</summary>
public static class DomainErrors
{
    public static readonly Error EmailTaken =
        new(ErrorCodes.EmailTaken, "An account with this email already exists.", ErrorKind.Conflict);

    public static readonly Error InvalidCredentials =
        new(ErrorCodes.InvalidCredentials, "The email or password is incorrect.", ErrorKind.Unauthorized);

    public static readonly Error InvalidRefreshToken =
        new(ErrorCodes.InvalidRefreshToken, "The refresh token is invalid, expired or revoked.", ErrorKind.Unauthorized);

    public static readonly Error InvalidToken =
        new(ErrorCodes.InvalidToken, "The access token is invalid, expired or revoked.", ErrorKind.Unauthorized);

    /// <summary>
    /// One answer for an emailed token that is unknown, used, expired or void: each case means "ask for a new link", and
    /// telling them apart would mean keeping spent tokens.
    /// </summary>
    public static readonly Error InvalidEmailToken =
        new(ErrorCodes.InvalidEmailToken, "This link is invalid, expired or already used. Ask for a new one.", ErrorKind.Validation);

    public static readonly Error WrongPassword =
        new(ErrorCodes.WrongPassword, "The password given to confirm this change is incorrect.", ErrorKind.Forbidden);

    /// <summary>The same refusal at email verification, where nothing is being changed yet: the link needs its password.</summary>
    public static readonly Error WrongRegistrationPassword =
        new(ErrorCodes.WrongPassword, "This is not the password chosen when signing up with this link's address.", ErrorKind.Forbidden);

    public static readonly Error SessionNotFound =
        new(ErrorCodes.NotFound, "No active session with this id belongs to you.", ErrorKind.NotFound);

    /// <summary>
    /// The account changed between reading it and writing it (a concurrent change): nothing was written, and the same
    /// request, sent again, runs on the fresh state.
    /// </summary>
    public static readonly Error Conflict =
        new(ErrorCodes.Conflict, "The account was changed by another request at the same time. Nothing was changed; try again.",
            ErrorKind.Conflict);

    public static readonly Error Overloaded =
        new(ErrorCodes.Unavailable, "The service is busy. Try again shortly.", ErrorKind.Unavailable, TimeSpan.FromSeconds(1));

    /// <summary>The address was sent enough emails for now; the same budget for every address, with an account or not.</summary>
    public static Error MailThrottled(TimeSpan retryAfter) =>
        new(ErrorCodes.RateLimited, "Too many emails were asked for this address. Try again later.",
            ErrorKind.TooManyRequests, retryAfter);

    public static Error TooManyAttempts(TimeSpan retryAfter) =>
        new(ErrorCodes.TooManyAttempts, "Too many failed attempts for this account. Try again later.",
            ErrorKind.TooManyRequests, retryAfter);
}
