using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Latch.Domain.Passwords;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Auth.Login;

/// <summary>
/// A sign-in; <paramref name="Email"/> is null when the text given cannot be an address (no account can have it: it is
/// answered, at the same cost, like an unknown one); <paramref name="DeviceToken"/> is the one this device got at its
/// last sign-in, if any (ADR 0010).
/// </summary>
public sealed record LoginCommand(Email? Email, string Password, ClientInfo Client, string? DeviceToken = null)
    : ICommand<Result<AuthResponse>>
{
    public const int MaxDeviceTokenLength = 256;

    /// <summary>
    /// Only the shape is checked: the password policy is not applied at sign-in (accounts made under an older policy
    /// must still sign in), but a length over the maximum is refused before any hashing.
    /// </summary>
    public static Result<LoginCommand> Parse(string? email, string? password, ClientInfo client, string? deviceToken)
    {
        var fields = new FieldParser();
        var presentEmail = fields.AtMost(fields.Required(email, "email", "Email"), Domain.Users.Email.MaxLength, "email",
            $"Email must be at most {Domain.Users.Email.MaxLength} characters.");
        var presentPassword = fields.AtMost(fields.Required(password, "password", "Password"), PasswordPolicy.MaxLength * 4,
            "password", "Password is too long.");

        // An unreadable token is ignored like an unknown one; only a size no token of ours ever has is refused.
        fields.AtMost(deviceToken, MaxDeviceTokenLength, "deviceToken", "Device token is too long.");
        return fields.Finish(() => new LoginCommand(
            Domain.Users.Email.Create(presentEmail) is { IsSuccess: true } parsed ? parsed.Value : null,
            presentPassword!, client, deviceToken));
    }
}
