namespace Latch.Infrastructure.Web.Problems;

/// <summary>Codes produced at the HTTP edge itself (the use cases own the rest).</summary>
internal static class ErrorCodes
{
    public const string MalformedRequest = "malformed_request";
    public const string InvalidToken = "invalid_token";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string RateLimited = "rate_limited";
    public const string Unavailable = "unavailable";
    public const string InternalError = "internal_error";
}
