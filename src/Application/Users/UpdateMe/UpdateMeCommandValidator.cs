using FluentValidation;
using Latch.Application.Common.Validation;
using Latch.Domain.Users;

namespace Latch.Application.Users.UpdateMe;

internal sealed class UpdateMeCommandValidator : AbstractValidator<UpdateMeCommand>
{
    public UpdateMeCommandValidator() =>
        RuleFor(c => c.DisplayName).Required("Display name").DependentRules(() =>
            RuleFor(c => c.DisplayName).MustSatisfy(name => DisplayName.Create(name)));
}
