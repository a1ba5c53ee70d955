using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Users.UpdateMe;

public sealed record UpdateMeCommand(CurrentUser Caller, DisplayName DisplayName) : ICommand<Result<UserResponse>>
{
    public static Result<UpdateMeCommand> Parse(CurrentUser caller, string? displayName)
    {
        var fields = new FieldParser();
        var name = fields.Required(displayName, "displayName", "Display name") is { } present
            ? fields.Take(DisplayName.Create(present))
            : null;
        return fields.Finish(() => new UpdateMeCommand(caller, name!));
    }
}
