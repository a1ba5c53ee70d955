namespace Latch.Tools.Cli;

/// <summary>A wrong command line: printed with the usage, exit code 2.</summary>
#pragma warning disable CA1032 // only ever thrown with a message
internal sealed class UsageException(string message) : Exception(message);
#pragma warning restore CA1032

/// <summary>
/// <c>--name value</c> options, <c>--flag</c> switches and positional values, checked against what the verb
/// declares so a mistyped option is an error rather than silently ignored.
/// </summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private Arguments()
    {
    }

    public List<string> Positional { get; } = [];

    public static Arguments Parse(IEnumerable<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
    {
        var parsed = new Arguments();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positional.Add(arg);
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (flags.Contains(name) && equals < 0)
            {
                parsed._flags.Add(name);
            }
            else if (options.Contains(name))
            {
                string value;
                if (equals >= 0)
                {
                    value = arg[(equals + 1)..];
                }
                else if (e.MoveNext() && !e.Current.StartsWith("--", StringComparison.Ordinal))
                {
                    value = e.Current;
                }
                else
                {
                    throw new UsageException($"{name} needs a value.");
                }

                if (!parsed._options.TryAdd(name, value))
                {
                    throw new UsageException($"{name} is given twice.");
                }
            }
            else
            {
                throw new UsageException($"unknown option {name}.");
            }
        }

        return parsed;
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public string Required(string name) =>
        _options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new UsageException($"{name} is required.");

    public bool Flag(string name) => _flags.Contains(name);

    public int PositiveInt(string name, int fallback)
    {
        if (Option(name) is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new UsageException($"{name} must be a positive whole number.");
    }
}
