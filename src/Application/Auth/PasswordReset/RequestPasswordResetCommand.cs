using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Auth.PasswordReset;

/// <summary>A request for a reset link for <paramref name="Email"/>: answered the same for every address.</summary>
public sealed record RequestPasswordResetCommand(Email Email) : ICommand<Result>
{
    public static Result<RequestPasswordResetCommand> Parse(string? email)
    {
        var fields = new FieldParser();
        var parsed = fields.Take(Domain.Users.Email.Create(email));
        return fields.Finish(() => new RequestPasswordResetCommand(parsed!));
    }
}
