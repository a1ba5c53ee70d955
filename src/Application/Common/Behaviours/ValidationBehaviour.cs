using FluentValidation;
using Latch.Application.Common.Validation;
using Latch.Domain.Common;
using Mediator;

namespace Latch.Application.Common.Behaviours;

/// <summary>
/// Runs every validator of a request before its handler and turns failures into a
/// <c>validation_failed</c> error value; handlers only ever see valid requests.
/// </summary>
internal sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IFailable<TResponse>
{
    private readonly IValidator<TMessage>[] _validators = [.. validators];

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        if (_validators.Length == 0)
        {
            return await next(message, cancellationToken);
        }

        Dictionary<string, List<string>>? failures = null;
        Dictionary<string, List<string>>? passwordRules = null;
        foreach (var validator in _validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            foreach (var failure in result.Errors)
            {
                var field = FieldName(failure.PropertyName);
                Add(ref failures, field, failure.ErrorMessage);
                if (PasswordRefusals.RuleOf(failure) is { } rule)
                {
                    Add(ref passwordRules, field, rule);
                }
            }
        }

        if (failures is null)
        {
            return await next(message, cancellationToken);
        }

        return TResponse.Failure(Error.Validation(ToArrays(failures), passwordRules is null ? null : ToArrays(passwordRules)));
    }

    private static void Add(ref Dictionary<string, List<string>>? map, string field, string value)
    {
        map ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!map.TryGetValue(field, out var values))
        {
            map[field] = values = [];
        }

        values.Add(value);
    }

    private static Dictionary<string, string[]> ToArrays(Dictionary<string, List<string>> map) =>
        map.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    // Clients see camelCase JSON names; validators name C# properties.
    private static string FieldName(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? "body" : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];
}
