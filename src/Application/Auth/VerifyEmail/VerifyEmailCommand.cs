using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Auth.VerifyEmail;

/// <summary>The emailed verification token of a pending registration: creates the account and signs in.</summary>
public sealed record VerifyEmailCommand(string Token, ClientInfo Client) : ICommand<Result<AuthResponse>>
{
    public const int MaxTokenLength = 256;

    public static Result<VerifyEmailCommand> Parse(string? token, ClientInfo client)
    {
        var fields = new FieldParser();
        var present = fields.AtMost(fields.Required(token, "token", "Token"), MaxTokenLength, "token", "Token is too long.");
        return fields.Finish(() => new VerifyEmailCommand(present!, client));
    }
}
