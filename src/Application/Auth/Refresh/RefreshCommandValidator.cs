using FluentValidation;
using Latch.Application.Common.Validation;

namespace Latch.Application.Auth.Refresh;

internal sealed class RefreshCommandValidator : AbstractValidator<RefreshCommand>
{
    public RefreshCommandValidator() => RuleFor(c => c.RefreshToken).Required("Refresh token");
}
