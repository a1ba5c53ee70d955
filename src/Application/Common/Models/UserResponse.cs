namespace Latch.Application.Common.Models;

/// <summary>The public view of an account: never a hash, a token, a counter or any internal field.</summary>
public sealed record UserResponse(Guid Id, string Email, string DisplayName, DateTimeOffset CreatedAt, SecondFactorStatus Mfa);

/// <summary>Whether an authenticator is active, and how many recovery codes are left unused (0 without one).</summary>
public sealed record SecondFactorStatus(bool Totp, int RecoveryCodesLeft);
