using FluentValidation;
using Latch.Application.Auth.Common;
using Latch.Application.Common.Validation;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Register;

internal sealed class RegisterCommandValidator : AbstractValidator<RegisterCommand>
{
    public RegisterCommandValidator(PasswordRules passwords)
    {
        RuleFor(c => c.Email).MustSatisfy(Email.Create);
        RuleFor(c => c.Password).Required("Password").DependentRules(() =>
            RuleFor(c => c.Password!).Custom((password, context) =>
            {
                var email = Email.Create(context.InstanceToValidate.Email);
                foreach (var refusal in passwords.Check(password, email.IsSuccess ? email.Value : null))
                {
                    context.AddPasswordRefusal("password", refusal);
                }
            }));
        RuleFor(c => c.DisplayName).MustSatisfy(name => DisplayName.Create(name)).When(c => c.DisplayName is not null);
    }
}
