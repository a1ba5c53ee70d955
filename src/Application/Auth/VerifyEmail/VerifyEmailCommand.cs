using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Latch.Domain.Passwords;
using Mediator;

namespace Latch.Application.Auth.VerifyEmail;

/// <summary>
/// The emailed verification token of a pending registration and the password chosen at registration: creates the
/// account and signs in. The password is what stops a registration of someone else's address from becoming theirs
/// when they follow the link (account pre-hijacking, ADR 0015).
/// </summary>
public sealed record VerifyEmailCommand(string Token, string Password, ClientInfo Client) : ICommand<Result<AuthResponse>>
{
    public const int MaxTokenLength = 256;

    /// <summary>Only the shape of the password is checked, as at sign-in: the policy was applied at registration.</summary>
    public static Result<VerifyEmailCommand> Parse(string? token, string? password, ClientInfo client)
    {
        var fields = new FieldParser();
        var present = fields.AtMost(fields.Required(token, "token", "Token"), MaxTokenLength, "token", "Token is too long.");
        var presentPassword = fields.AtMost(fields.Required(password, "password", "Password"), PasswordPolicy.MaxLength * 4,
            "password", "Password is too long.");
        return fields.Finish(() => new VerifyEmailCommand(present!, presentPassword!, client));
    }
}
