using FluentValidation;
using FluentValidation.Results;
using Latch.Domain.Passwords;

namespace Latch.Application.Common.Validation;

/// <summary>Carries a password rule's stable name through FluentValidation, in the failure's error code.</summary>
internal static class PasswordRefusals
{
    private const string Prefix = "password-rule:";

    public static void AddPasswordRefusal<T>(this ValidationContext<T> context, string field, PasswordRefusal refusal) =>
        context.AddFailure(new ValidationFailure(field, refusal.Message) { ErrorCode = Prefix + refusal.Rule });

    public static string? RuleOf(ValidationFailure failure) =>
        failure.ErrorCode is { } code && code.StartsWith(Prefix, StringComparison.Ordinal) ? code[Prefix.Length..] : null;
}
