using Latch.Domain.Common;
using Latch.Domain.Passwords;

namespace Latch.Application.Common.Validation;

/// <summary>
/// Turns a request's raw fields into the typed values a command carries, collecting every field's failure so the
/// client gets them all in one <c>validation_failed</c>, as the validators report theirs. Each rule is the domain
/// value object's own; this only gathers.
/// </summary>
internal sealed class FieldParser
{
    private Dictionary<string, List<string>>? _failures;
    private Dictionary<string, List<string>>? _passwordRules;

    public bool Failed => _failures is not null;

    /// <summary>The value, or default with the value object's field messages recorded.</summary>
    public T? Take<T>(Result<T> parsed)
        where T : class
    {
        if (parsed.IsSuccess)
        {
            return parsed.Value;
        }

        foreach (var (field, messages) in parsed.Error.Fields ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages)
            {
                Add(field, message);
            }
        }

        return null;
    }

    /// <summary>As <see cref="Take{T}(Result{T})"/>, with the messages recorded under <paramref name="field"/> (e.g. an email named newEmail).</summary>
    public T? Take<T>(Result<T> parsed, string field)
        where T : class
    {
        if (parsed.IsSuccess)
        {
            return parsed.Value;
        }

        foreach (var message in (parsed.Error.Fields ?? new Dictionary<string, string[]>()).SelectMany(f => f.Value))
        {
            Add(field, message.Replace("Email", "New email", StringComparison.Ordinal));
        }

        return null;
    }

    /// <summary>The text when present (not empty, not only white space), as the validators' <c>Required</c> says.</summary>
    public string? Required(string? value, string field, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{what} is required.");
            return null;
        }

        return value;
    }

    /// <summary>The text when at most <paramref name="maxLength"/> UTF-16 units long (a bound on work, before any parse).</summary>
    public string? AtMost(string? value, int maxLength, string field, string message)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, message);
            return null;
        }

        return value;
    }

    public void Add(string field, string message) => Add(ref _failures, field, message);

    /// <summary>A password rule broken: its message, and its stable name beside it (the problem's <c>passwordRules</c>).</summary>
    public void Refuse(string field, PasswordRefusal refusal)
    {
        Add(ref _failures, field, refusal.Message);
        Add(ref _passwordRules, field, refusal.Rule);
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

    /// <summary>The command built from the typed values, or the collected failures as one validation error.</summary>
    public Result<T> Finish<T>(Func<T> build) =>
        _failures is null
            ? Result<T>.Success(build())
            : Result<T>.Failure(Error.Validation(ToArrays(_failures), _passwordRules is null ? null : ToArrays(_passwordRules)));
}
