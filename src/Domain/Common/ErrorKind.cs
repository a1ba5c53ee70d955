namespace Latch.Domain.Common;

/// <summary>The family of an expected failure; the HTTP edge maps each family to one status code.</summary>
public enum ErrorKind
{
    Validation,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    TooManyRequests,
    Unavailable,
}
