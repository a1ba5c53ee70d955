namespace Latch.Application.Common.Models;

public sealed record SessionResponse(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset ExpiresAt,
    string? UserAgent,
    string? IpAddress,
    bool Current);
