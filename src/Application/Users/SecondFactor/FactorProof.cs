using Latch.Application.Auth.LoginMfa;
using Latch.Application.Common.Validation;

namespace Latch.Application.Users.SecondFactor;

/// <summary>
/// What a signed-in caller gives to change an active factor: the current password and a code from the factor, or one
/// of its recovery codes (exactly one of the two). A stolen access token alone changes nothing.
/// </summary>
public sealed record FactorProof(string CurrentPassword, string? Code, string? RecoveryCode)
{
    /// <summary>The proof, or null with each failure recorded on <paramref name="fields"/>.</summary>
    internal static FactorProof? Parse(FieldParser fields, string? currentPassword, string? code, string? recoveryCode)
    {
        var password = fields.Required(currentPassword, "currentPassword", "Current password");
        fields.AtMost(code, CompleteMfaLoginCommand.MaxCodeLength, "code", "Code is too long.");
        fields.AtMost(recoveryCode, CompleteMfaLoginCommand.MaxCodeLength, "recoveryCode", "Recovery code is too long.");
        if ((code is null) == (recoveryCode is null))
        {
            fields.Add("code", "Give either code or recoveryCode.");
        }

        return fields.Failed ? null : new FactorProof(password!, code, recoveryCode);
    }
}
