using FluentValidation;
using Latch.Application.Auth.Common;
using Latch.Application.Common.Validation;

namespace Latch.Application.Auth.Register;

/// <summary>The password policy, against the parsed email (a password made of the address is refused).</summary>
internal sealed class RegisterCommandValidator : AbstractValidator<RegisterCommand>
{
    public RegisterCommandValidator(PasswordRules passwords) =>
        RuleFor(c => c.Password).Custom((password, context) =>
        {
            foreach (var refusal in passwords.Check(password, context.InstanceToValidate.Email))
            {
                context.AddPasswordRefusal("password", refusal);
            }
        });
}
