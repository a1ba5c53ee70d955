using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Auth.LoginMfa;

/// <summary>The second step of a sign-in: its <c>mfaToken</c> and either an authenticator code or a recovery code.</summary>
public sealed record CompleteMfaLoginCommand(string MfaToken, string? Code, string? RecoveryCode, ClientInfo Client)
    : ICommand<Result<AuthResponse>>
{
    public const int MaxTokenLength = 256;
    public const int MaxCodeLength = 64;

    /// <summary>Wrong codes one <c>mfaToken</c> may try; then the password must be given again.</summary>
    public const int WrongCodesPerToken = 3;

    /// <summary>How long a sign-in may wait for its second step.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    public static Result<CompleteMfaLoginCommand> Parse(string? mfaToken, string? code, string? recoveryCode, ClientInfo client)
    {
        var fields = new FieldParser();
        var token = fields.AtMost(fields.Required(mfaToken, "mfaToken", "MFA token"), MaxTokenLength, "mfaToken",
            "MFA token is too long.");
        fields.AtMost(code, MaxCodeLength, "code", "Code is too long.");
        fields.AtMost(recoveryCode, MaxCodeLength, "recoveryCode", "Recovery code is too long.");
        if ((code is null) == (recoveryCode is null))
        {
            fields.Add("code", "Give either code or recoveryCode.");
        }

        return fields.Finish(() => new CompleteMfaLoginCommand(token!, code, recoveryCode, client));
    }
}
