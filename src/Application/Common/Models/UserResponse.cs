namespace Latch.Application.Common.Models;

/// <summary>The public view of an account: never a hash, a token, a counter or any internal field.</summary>
public sealed record UserResponse(Guid Id, string Email, string DisplayName, DateTimeOffset CreatedAt);
