using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.ChangePassword;

/// <summary>A password change; the new password's policy needs the account's email, so the handler applies it.</summary>
public sealed record ChangePasswordCommand(CurrentUser Caller, string CurrentPassword, string NewPassword) : ICommand<Result>
{
    public static Result<ChangePasswordCommand> Parse(CurrentUser caller, string? currentPassword, string? newPassword)
    {
        var fields = new FieldParser();
        var current = fields.Required(currentPassword, "currentPassword", "Current password");
        var next = fields.Required(newPassword, "newPassword", "New password");
        return fields.Finish(() => new ChangePasswordCommand(caller, current!, next!));
    }
}
