using FluentValidation;
using Latch.Domain.Common;

namespace Latch.Application.Common.Validation;

internal static class ValidationExtensions
{
    /// <summary>Runs a domain value object's own rule, so each rule is written once, in the domain.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> MustSatisfy<T, TValue>(
        this IRuleBuilder<T, string?> rule, Func<string?, Result<TValue>> create) =>
        rule.Custom((value, context) => context.AddDomainFailures(create(value).Error));

    public static void AddDomainFailures<T>(this ValidationContext<T> context, Error? error)
    {
        if (error?.Fields is null)
        {
            return;
        }

        foreach (var (field, messages) in error.Fields)
        {
            foreach (var message in messages)
            {
                context.AddFailure(field, message);
            }
        }
    }

    public static IRuleBuilderOptions<T, string?> Required<T>(this IRuleBuilder<T, string?> rule, string what) =>
        rule.NotEmpty().WithMessage($"{what} is required.");
}
