using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.ChangeEmail;

/// <summary>The emailed token of an email change, presented by the signed-in account it was issued for.</summary>
public sealed record ConfirmEmailChangeCommand(CurrentUser Caller, string Token) : ICommand<Result>
{
    public const int MaxTokenLength = 256;

    public static Result<ConfirmEmailChangeCommand> Parse(CurrentUser caller, string? token)
    {
        var fields = new FieldParser();
        var present = fields.AtMost(fields.Required(token, "token", "Token"), MaxTokenLength, "token", "Token is too long.");
        return fields.Finish(() => new ConfirmEmailChangeCommand(caller, present!));
    }
}
