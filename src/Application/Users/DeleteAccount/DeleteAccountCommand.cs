using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.DeleteAccount;

public sealed record DeleteAccountCommand(CurrentUser Caller, string Password) : ICommand<Result>
{
    public static Result<DeleteAccountCommand> Parse(CurrentUser caller, string? password)
    {
        var fields = new FieldParser();
        var present = fields.Required(password, "password", "Password");
        return fields.Finish(() => new DeleteAccountCommand(caller, present!));
    }
}
