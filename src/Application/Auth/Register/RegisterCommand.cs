using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Models;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Latch.Domain.Users;
using Mediator;

namespace Latch.Application.Auth.Register;

/// <summary>
/// A registration, its fields already parsed; <paramref name="DisplayName"/> is null when none was given (the email's
/// local part is used). The password policy, which needs the services holding the common-password list, is the
/// validator's.
/// </summary>
public sealed record RegisterCommand(Email Email, string Password, DisplayName? DisplayName, ClientInfo Client)
    : ICommand<Result<AuthResponse>>
{
    /// <summary>Parses the request's raw fields: every field's failure in one <c>validation_failed</c>.</summary>
    public static Result<RegisterCommand> Parse(string? email, string? password, string? displayName, ClientInfo client)
    {
        var fields = new FieldParser();
        var parsedEmail = fields.Take(Email.Create(email));
        var parsedPassword = fields.Required(password, "password", "Password");
        var parsedName = displayName is null ? null : fields.Take(DisplayName.Create(displayName));
        return fields.Finish(() => new RegisterCommand(parsedEmail!, parsedPassword!, parsedName, client));
    }
}
