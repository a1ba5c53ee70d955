using Latch.Application.Auth.LoginMfa;
using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Auth.StepUp;

/// <summary>Proves the account's second factor on the caller's session: an authenticator code or a recovery code.</summary>
public sealed record StepUpCommand(CurrentUser Caller, string? Code, string? RecoveryCode) : ICommand<Result<AccessTokenResponse>>
{
    public static Result<StepUpCommand> Parse(CurrentUser caller, string? code, string? recoveryCode)
    {
        var fields = new FieldParser();
        fields.AtMost(code, CompleteMfaLoginCommand.MaxCodeLength, "code", "Code is too long.");
        fields.AtMost(recoveryCode, CompleteMfaLoginCommand.MaxCodeLength, "recoveryCode", "Recovery code is too long.");
        if ((code is null) == (recoveryCode is null))
        {
            fields.Add("code", "Give either code or recoveryCode.");
        }

        return fields.Finish(() => new StepUpCommand(caller, code, recoveryCode));
    }
}
