using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Latch.Domain.Passwords;
using Mediator;

namespace Latch.Application.Auth.PasswordReset;

/// <summary>
/// A new password with the reset token that allows it. The shape is parsed here; the policy needs the account's email,
/// known only from the token, so the handler applies it (before spending the token for good).
/// </summary>
public sealed record ConfirmPasswordResetCommand(string Token, string NewPassword) : ICommand<Result>
{
    public const int MaxTokenLength = 256;

    public static Result<ConfirmPasswordResetCommand> Parse(string? token, string? newPassword)
    {
        var fields = new FieldParser();
        var presentToken = fields.AtMost(fields.Required(token, "token", "Token"), MaxTokenLength, "token", "Token is too long.");
        var presentPassword = fields.AtMost(fields.Required(newPassword, "newPassword", "New password"),
            PasswordPolicy.MaxLength * 4, "newPassword", "New password is too long.");
        return fields.Finish(() => new ConfirmPasswordResetCommand(presentToken!, presentPassword!));
    }
}
