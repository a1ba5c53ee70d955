using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.SecondFactor;

/// <summary>Replaces every recovery code with 10 new ones, with the password and a code (or a recovery code).</summary>
public sealed record RegenerateRecoveryCodesCommand(CurrentUser Caller, FactorProof Proof) : ICommand<Result<RecoveryCodesResponse>>
{
    public static Result<RegenerateRecoveryCodesCommand> Parse(CurrentUser caller, string? currentPassword, string? code,
        string? recoveryCode)
    {
        var fields = new FieldParser();
        var proof = FactorProof.Parse(fields, currentPassword, code, recoveryCode);
        return fields.Finish(() => new RegenerateRecoveryCodesCommand(caller, proof!));
    }
}
