using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Auth.Refresh;

/// <summary>A refresh; the token is only known to be present here, the codec decides whether it is one of ours.</summary>
public sealed record RefreshCommand(string RefreshToken) : ICommand<Result<AuthResponse>>
{
    public static Result<RefreshCommand> Parse(string? refreshToken)
    {
        var fields = new FieldParser();
        var token = fields.Required(refreshToken, "refreshToken", "Refresh token");
        return fields.Finish(() => new RefreshCommand(token!));
    }
}
