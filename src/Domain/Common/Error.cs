namespace Latch.Domain.Common;

/// <summary>
/// An expected failure travelling as a value. <see cref="Code"/> is the stable machine-readable code
/// clients see; <see cref="Message"/> is safe to show and never carries user input.
/// </summary>
public sealed class Error
{
    public Error(string code, string message, ErrorKind kind, TimeSpan? retryAfter = null,
        IReadOnlyDictionary<string, string[]>? fields = null, IReadOnlyDictionary<string, string[]>? passwordRules = null,
        KeyValuePair<string, string>? member = null)
    {
        Code = code;
        Message = message;
        Kind = kind;
        RetryAfter = retryAfter;
        Fields = fields;
        PasswordRules = passwordRules;
        Member = member;
    }

    public string Code { get; }

    public string Message { get; }

    public ErrorKind Kind { get; }

    /// <summary>How long the client should wait before trying again, when that is known.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Per-field messages of a validation failure.</summary>
    public IReadOnlyDictionary<string, string[]>? Fields { get; }

    /// <summary>Per password field, the stable names of the password rules it breaks (see <c>PasswordRule</c>).</summary>
    public IReadOnlyDictionary<string, string[]>? PasswordRules { get; }

    /// <summary>One more top-level member of the problem, for the client (the <c>mfaToken</c> of <c>mfa_required</c>).</summary>
    public KeyValuePair<string, string>? Member { get; }

    public static Error Validation(IReadOnlyDictionary<string, string[]> fields,
        IReadOnlyDictionary<string, string[]>? passwordRules = null) =>
        new(ErrorCodes.ValidationFailed, "One or more fields are invalid.", ErrorKind.Validation, fields: fields, passwordRules: passwordRules);

    public static Error Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    public override string ToString() => Code;
}
