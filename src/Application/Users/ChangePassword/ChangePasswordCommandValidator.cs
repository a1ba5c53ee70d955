using FluentValidation;
using Latch.Application.Common.Validation;

namespace Latch.Application.Users.ChangePassword;

/// <summary>Presence only here; the policy needs the account's email, so the handler applies it.</summary>
internal sealed class ChangePasswordCommandValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordCommandValidator()
    {
        RuleFor(c => c.CurrentPassword).Required("Current password");
        RuleFor(c => c.NewPassword).Required("New password");
    }
}
