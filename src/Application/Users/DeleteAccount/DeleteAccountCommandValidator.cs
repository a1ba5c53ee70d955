using FluentValidation;
using Latch.Application.Common.Validation;

namespace Latch.Application.Users.DeleteAccount;

internal sealed class DeleteAccountCommandValidator : AbstractValidator<DeleteAccountCommand>
{
    public DeleteAccountCommandValidator() => RuleFor(c => c.Password).Required("Password");
}
