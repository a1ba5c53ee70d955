namespace Latch.Domain.Common;

/// <summary>
/// An expected failure travelling as a value. <see cref="Code"/> is the stable machine-readable code
/// clients see; <see cref="Message"/> is safe to show and never carries user input.
/// </summary>
public sealed class Error
{
    public Error(string code, string message, ErrorKind kind, TimeSpan? retryAfter = null,
        IReadOnlyDictionary<string, string[]>? fields = null)
    {
        Code = code;
        Message = message;
        Kind = kind;
        RetryAfter = retryAfter;
        Fields = fields;
    }

    public string Code { get; }

    public string Message { get; }

    public ErrorKind Kind { get; }

    /// <summary>How long the client should wait before trying again, when that is known.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Per-field messages of a validation failure.</summary>
    public IReadOnlyDictionary<string, string[]>? Fields { get; }

    public static Error Validation(IReadOnlyDictionary<string, string[]> fields) =>
        new("validation_failed", "One or more fields are invalid.", ErrorKind.Validation, fields: fields);

    public static Error Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    public override string ToString() => Code;
}
