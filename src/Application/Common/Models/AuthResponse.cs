using System.ComponentModel;

namespace Latch.Application.Common.Models;

public sealed record AuthResponse(
    string TokenType,
    string AccessToken,
    long ExpiresIn,
    string RefreshToken,
    long RefreshTokenExpiresIn,
    [property: Description(
        "Proof that this device has signed in to this account (ADR 0010). Keep it, replacing the previous one, and " +
        "send it back as `deviceToken` on the next sign-in: the attempt is then counted against this device's own " +
        "failure budget, so someone else keeping the account in its back-off cannot keep this device out. A new one " +
        "comes with every register, login and refresh; valid 90 days, and only until the password changes.")]
    string DeviceToken,
    UserResponse User);
