using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Latch.Tools.Preflight;

/// <summary>A variable of serverless.yml that cannot be resolved offline.</summary>
#pragma warning disable CA1032 // only ever thrown with a message
internal sealed class VariableException(string message) : Exception(message);
#pragma warning restore CA1032

/// <summary>
/// serverless.yml read as the Serverless Framework v3 reads it for one stage, for the variable sources this file
/// uses: <c>${env:…}</c>, <c>${opt:…}</c>, <c>${sls:stage}</c> and <c>${self:…}</c>, nested, with fallbacks
/// (<c>${env:X, 'default'}</c>, <c>${self:a.b, null}</c>). Any other source is refused by name rather than guessed;
/// the tests compare the result with the template the real framework packages.
/// </summary>
internal sealed class ServerlessFile
{
    private const int MaxDepth = 32;
    private readonly Dictionary<string, object?> _root;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly IReadOnlyDictionary<string, string> _options;

    private ServerlessFile(Dictionary<string, object?> root, string stage, IReadOnlyDictionary<string, string> environment,
        IReadOnlyDictionary<string, string> options)
    {
        _root = root;
        Stage = stage;
        _environment = environment;
        _options = options;
    }

    public string Stage { get; }

    /// <param name="path">The serverless.yml file.</param>
    /// <param name="stage">What <c>${sls:stage}</c> is.</param>
    /// <param name="environment">What <c>${env:…}</c> sees: the process environment over the stage's .env file.</param>
    /// <param name="options">What <c>${opt:…}</c> sees: <c>stage</c>, and <c>region</c> when given.</param>
    public static ServerlessFile Load(string path, string stage, IReadOnlyDictionary<string, string> environment,
        IReadOnlyDictionary<string, string> options)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(path))
        {
            try
            {
                yaml.Load(reader);
            }
            catch (YamlException exception)
            {
                throw new VariableException($"serverless.yml is not valid YAML: {exception.Message}");
            }
        }

        if (yaml.Documents.Count == 0 || Convert(yaml.Documents[0].RootNode) is not Dictionary<string, object?> root)
        {
            throw new VariableException("serverless.yml holds no mapping.");
        }

        return new ServerlessFile(root, stage, environment, options);
    }

    /// <summary>Whether the raw (unresolved) file has a value at <paramref name="path"/>.</summary>
    public bool HasRaw(string path)
    {
        object? node = _root;
        foreach (var segment in path.Split('.'))
        {
            if (node is not Dictionary<string, object?> map || !map.TryGetValue(segment, out node))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The raw entries of the mapping at <paramref name="path"/>, variables unresolved.</summary>
    public IEnumerable<KeyValuePair<string, object?>> RawMap(string path)
    {
        object? node = _root;
        foreach (var segment in path.Split('.'))
        {
            if (node is not Dictionary<string, object?> map || !map.TryGetValue(segment, out node))
            {
                return [];
            }
        }

        return node as Dictionary<string, object?> ?? [];
    }

    /// <summary>The value at a dotted path, every variable in it resolved; null when there is none.</summary>
    public object? Get(string path) => Lookup(path, 0, out var value) ? Resolve(value, 0) : null;

    /// <summary>Resolves the variables of <paramref name="value"/>, recursing into mappings and lists.</summary>
    public object? Resolve(object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new VariableException("variables nest too deeply (a cycle?).");
        }

        return value switch
        {
            string text => ResolveText(text, depth + 1),
            Dictionary<string, object?> map => map.ToDictionary(p => p.Key, p => Resolve(p.Value, depth + 1), StringComparer.Ordinal),
            List<object?> list => list.Select(item => Resolve(item, depth + 1)).ToList(),
            _ => value,
        };
    }

    private object? ResolveText(string text, int depth)
    {
        while (true)
        {
            var start = text.LastIndexOf("${", StringComparison.Ordinal);
            if (start < 0)
            {
                return text;
            }

            var end = text.IndexOf('}', start);
            if (end < 0)
            {
                throw new VariableException($"unterminated variable in '{text}'.");
            }

            var value = Evaluate(text[(start + 2)..end], depth);
            if (start == 0 && end == text.Length - 1)
            {
                return value;
            }

            var inline = value switch
            {
                string s => s,
                null => throw new VariableException($"${{{text[(start + 2)..end]}}} is null inside a string."),
                Dictionary<string, object?> or List<object?> =>
                    throw new VariableException($"${{{text[(start + 2)..end]}}} is not text but is used inside a string."),
                _ => System.Convert.ToString(value, CultureInfo.InvariantCulture),
            };
            text = text[..start] + inline + text[(end + 1)..];
        }
    }

    private object? Evaluate(string expression, int depth)
    {
        foreach (var candidate in SplitFallbacks(expression))
        {
            if (candidate.Length >= 2 && candidate[0] is '\'' or '"' && candidate[^1] == candidate[0])
            {
                return candidate[1..^1];
            }

            if (candidate == "null")
            {
                return null;
            }

            if (candidate is "true" or "false" || double.TryParse(candidate, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                return candidate;
            }

            var colon = candidate.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new VariableException($"${{{expression}}}: '{candidate}' is not a variable source.");
            }

            var address = candidate[(colon + 1)..].Trim();
            var found = candidate[..colon] switch
            {
                "env" => _environment.TryGetValue(address, out var env) ? env : null,
                "opt" => _options.GetValueOrDefault(address),
                "sls" when address == "stage" => Stage,
                "self" => Lookup(address, depth, out var self) ? Resolve(self, depth + 1) : null,
                var source => throw new VariableException(
                    $"${{{expression}}}: the source '{source}' cannot be resolved offline (preflight reads env, opt, sls:stage and self)."),
            };
            if (found is not null)
            {
                return found;
            }
        }

        throw new VariableException($"${{{expression}}} has no value.");
    }

    private bool Lookup(string path, int depth, out object? value)
    {
        value = _root;
        foreach (var segment in path.Split('.', StringSplitOptions.TrimEntries))
        {
            if (value is string text && text.Contains("${", StringComparison.Ordinal))
            {
                value = ResolveText(text, depth + 1);
            }

            switch (value)
            {
                case Dictionary<string, object?> map when map.TryGetValue(segment, out var next):
                    value = next;
                    break;
                case List<object?> list when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
                                             index < list.Count:
                    value = list[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return value is not null;
    }

    private static IEnumerable<string> SplitFallbacks(string expression)
    {
        var start = 0;
        char? quote = null;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (quote is null && c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == quote)
            {
                quote = null;
            }
            else if (quote is null && c == ',')
            {
                yield return expression[start..i].Trim();
                start = i + 1;
            }
        }

        yield return expression[start..].Trim();
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            pair => ((YamlScalarNode)pair.Key).Value ?? "", pair => Convert(pair.Value), StringComparer.Ordinal),
        YamlSequenceNode sequence => sequence.Children.Select(Convert).ToList(),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" } => null,
        YamlScalarNode scalar => scalar.Value,
        _ => null,
    };
}
