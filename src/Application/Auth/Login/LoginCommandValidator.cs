using FluentValidation;
using Latch.Application.Common.Validation;
using Latch.Domain.Passwords;

namespace Latch.Application.Auth.Login;

/// <summary>
/// Only the shape is checked here: the password policy is not applied at sign-in (accounts made under an
/// older policy must still sign in), but a length over the maximum is refused before any hashing.
/// </summary>
internal sealed class LoginCommandValidator : AbstractValidator<LoginCommand>
{
    public const int MaxDeviceTokenLength = 256;

    public LoginCommandValidator()
    {
        RuleFor(c => c.Email).Required("Email").MaximumLength(Latch.Domain.Users.Email.MaxLength);
        RuleFor(c => c.Password).Required("Password")
            .MaximumLength(PasswordPolicy.MaxLength * 4).WithMessage("Password is too long.");

        // An unreadable token is ignored like an unknown one; only a size no token of ours ever has is refused.
        RuleFor(c => c.DeviceToken).MaximumLength(MaxDeviceTokenLength).WithMessage("Device token is too long.");
    }
}
