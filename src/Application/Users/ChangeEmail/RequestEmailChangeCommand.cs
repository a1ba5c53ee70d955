using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Latch.Domain.Passwords;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Users.ChangeEmail;

/// <summary>A signed-in user's request to move to <paramref name="NewEmail"/>, confirmed with the current password.</summary>
public sealed record RequestEmailChangeCommand(CurrentUser Caller, Email NewEmail, string CurrentPassword) : ICommand<Result>
{
    public static Result<RequestEmailChangeCommand> Parse(CurrentUser caller, string? newEmail, string? currentPassword)
    {
        var fields = new FieldParser();
        var email = fields.Take(Email.Create(newEmail), "newEmail");
        var password = fields.AtMost(fields.Required(currentPassword, "currentPassword", "Current password"),
            PasswordPolicy.MaxLength * 4, "currentPassword", "Current password is too long.");
        return fields.Finish(() => new RequestEmailChangeCommand(caller, email!, password!));
    }
}
