using FluentValidation;
using Latch.Application.Common.Validation;
using Latch.Domain.Users;

namespace Latch.Application.Sessions.RevokeAllSessions;

internal sealed class RevokeAllSessionsCommandValidator : AbstractValidator<RevokeAllSessionsCommand>
{
    public RevokeAllSessionsCommandValidator()
    {
        When(c => c.AllUsers, () =>
            RuleFor(c => c.User).Empty().WithMessage("Name one user or all users, not both."));
        When(c => !c.AllUsers, () =>
            RuleFor(c => c.User).Required("User (an email or a user id)")
                .DependentRules(() => RuleFor(c => c.User)
                    .Must(user => Guid.TryParse(user, out _) || Email.Create(user).IsSuccess)
                    .WithMessage("User must be an email or a user id.")));
    }
}
