namespace Latch.Domain.Common;

/// <summary>
/// Every stable problem <c>code</c> a client can see, each defined once: the use cases' errors and the HTTP edge's own
/// answers (routing, body reading, rate limits, faults) take their code from here. Clients branch on these; a renamed
/// code is a breaking change (docs/api.md lists them).
/// </summary>
public static class ErrorCodes
{
    // Input.
    public const string ValidationFailed = "validation_failed";
    public const string MalformedRequest = "malformed_request";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string InvalidTransport = "invalid_transport";

    // Who is calling.
    public const string InvalidCredentials = "invalid_credentials";
    public const string InvalidToken = "invalid_token";
    public const string InvalidRefreshToken = "invalid_refresh_token";

    /// <summary>An emailed token that is unknown, used already, expired, or void (the password or email changed since).</summary>
    public const string InvalidEmailToken = "invalid_email_token";
    public const string WrongPassword = "wrong_password";
    public const string OriginRefused = "origin_refused";
    public const string MfaRequired = "mfa_required";
    public const string InvalidMfaToken = "invalid_mfa_token";
    public const string InvalidMfaCode = "invalid_mfa_code";
    public const string StepUpRequired = "step_up_required";

    /// <summary>Authenticator codes refused on the account after too many wrong ones in a row; a recovery code still works.</summary>
    public const string MfaCodesLocked = "mfa_codes_locked";

    // What is asked for.
    public const string NotFound = "not_found";
    public const string UserNotFound = "user_not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string EmailTaken = "email_taken";
    public const string Conflict = "conflict";
    public const string MfaAlreadyEnabled = "mfa_already_enabled";
    public const string MfaNotEnrolled = "mfa_not_enrolled";

    // Pacing and faults.
    public const string TooManyAttempts = "too_many_attempts";
    public const string RateLimited = "rate_limited";
    public const string Unavailable = "unavailable";
    public const string InternalError = "internal_error";
}
