using System.ComponentModel;

namespace Latch.Infrastructure.Web.Contracts;

// Request bodies as the contract names them. Every field is nullable so that a missing or null field is
// a validation error naming it, not a deserialisation failure; unknown properties are ignored.
public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName);

public sealed record LoginRequest(
    string? Email,
    string? Password,
    [property: Description(
        "Optional: the `deviceToken` this device got from its last register, login or refresh (ADR 0010). With it, " +
        "the attempt counts against this device's own failure budget instead of the email's; an unknown, expired or " +
        "other account's token is ignored.")]
    string? DeviceToken);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record UpdateMeRequest(string? DisplayName);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record DeleteAccountRequest(string? Password);

public sealed record PasswordResetRequest(string? Email);

public sealed record PasswordResetConfirmRequest(string? Token, string? NewPassword);

public sealed record VerifyEmailRequest(string? Token, string? Password);

public sealed record EmailChangeRequest(string? NewEmail, string? CurrentPassword);

public sealed record EmailChangeConfirmRequest(string? Token);
