using FluentValidation;
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
        foreach (var validator in _validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            foreach (var failure in result.Errors)
            {
                failures ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
                var field = FieldName(failure.PropertyName);
                if (!failures.TryGetValue(field, out var messages))
                {
                    failures[field] = messages = [];
                }

                messages.Add(failure.ErrorMessage);
            }
        }

        if (failures is null)
        {
            return await next(message, cancellationToken);
        }

        var fields = failures.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
        return TResponse.Failure(Error.Validation(fields));
    }

    // Clients see camelCase JSON names; validators name C# properties.
    private static string FieldName(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? "body" : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];
}
