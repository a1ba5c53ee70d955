using Latch.Application.Auth.LoginMfa;
using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.SecondFactor;

/// <summary>Recovery codes, each usable once instead of an authenticator code; shown this once.</summary>
public sealed record RecoveryCodesResponse(IReadOnlyList<string> RecoveryCodes);

/// <summary>Proves the pending authenticator with one of its codes, which activates it.</summary>
public sealed record ConfirmTotpCommand(CurrentUser Caller, string Code) : ICommand<Result<RecoveryCodesResponse>>
{
    public static Result<ConfirmTotpCommand> Parse(CurrentUser caller, string? code)
    {
        var fields = new FieldParser();
        var present = fields.AtMost(fields.Required(code, "code", "Code"), CompleteMfaLoginCommand.MaxCodeLength, "code",
            "Code is too long.");
        return fields.Finish(() => new ConfirmTotpCommand(caller, present!));
    }
}
