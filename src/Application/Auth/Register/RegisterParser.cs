using Latch.Application.Auth.Common;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Register;

/// <summary>
/// Parses a registration's raw fields and applies the password policy in the same pass, so a body with several faults
/// (a malformed email and a short password) names every field in one <c>validation_failed</c>. A service, not a static
/// parse, because the policy consults the common-password list; the policy is given the email when it parsed.
/// </summary>
public sealed class RegisterParser
{
    private readonly PasswordRules _passwords;

    internal RegisterParser(PasswordRules passwords) => _passwords = passwords;

    public Result<RegisterCommand> Parse(string? email, string? password, string? displayName, ClientInfo client)
    {
        var fields = new FieldParser();
        var parsedEmail = fields.Take(Email.Create(email));
        var parsedPassword = fields.Required(password, "password", "Password");
        if (parsedPassword is not null)
        {
            foreach (var refusal in _passwords.Check(parsedPassword, parsedEmail))
            {
                fields.Refuse("password", refusal);
            }
        }

        var parsedName = displayName is null ? null : fields.Take(DisplayName.Create(displayName));
        return fields.Finish(() => new RegisterCommand(parsedEmail!, parsedPassword!, parsedName, client));
    }
}
