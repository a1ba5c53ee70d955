using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Users.SecondFactor;

/// <summary>Turns the active authenticator off, with the password and a code from it (or a recovery code).</summary>
public sealed record DisableTotpCommand(CurrentUser Caller, FactorProof Proof) : ICommand<Result>
{
    public static Result<DisableTotpCommand> Parse(CurrentUser caller, string? currentPassword, string? code, string? recoveryCode)
    {
        var fields = new FieldParser();
        var proof = FactorProof.Parse(fields, currentPassword, code, recoveryCode);
        return fields.Finish(() => new DisableTotpCommand(caller, proof!));
    }
}
