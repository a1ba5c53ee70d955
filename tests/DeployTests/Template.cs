using System.Globalization;
using System.Text.Json.Nodes;

namespace Latch.DeployTests;

/// <summary>
/// A CloudFormation template as `serverless package` wrote it, with the few readers the checks need.
/// Templates are loaded once per stage and never changed: <see cref="With"/> edits a deep copy.
/// </summary>
internal sealed class Template
{
    public const string PackageScript = "scripts/test.d/20-serverless-package.sh";
    public const string FileName = "cloudformation-template-update-stack.json";

    private static readonly Dictionary<string, Lazy<Template>> Cache = new()
    {
        ["prod"] = new(() => Load("prod")),
        ["dev"] = new(() => Load("dev")),
    };

    public Template(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public JsonObject Resources => Root[nameof(Resources)] as JsonObject ?? [];

    /// <summary>The template packaged for <paramref name="stage"/> by <see cref="PackageScript"/>.</summary>
    public static Template For(StageSpec stage) => Cache[stage.Name].Value;

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Latch.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Latch.slnx not found above the test output directory.");
    }

    public static string PackagedPath(string stage) =>
        Path.Combine(RepositoryRoot(), "artifacts", "serverless", stage, FileName);

    public static Template Load(string stage)
    {
        var path = PackagedPath(stage);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"No packaged template for stage '{stage}' at artifacts/serverless/{stage}/{FileName}. " +
                $"Run {PackageScript} (./scripts/test.sh runs it before the tests).", path);
        }

        return FromFile(path);
    }

    public static Template FromFile(string path) =>
        new(JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"{path} is not a JSON object"));

    /// <summary>A changed deep copy: how the tests break one setting on purpose.</summary>
    public Template With(Action<JsonObject> change)
    {
        var copy = Root.DeepClone().AsObject();
        change(copy);
        return new Template(copy);
    }

    public IEnumerable<(string Id, JsonObject Resource)> OfType(string type) =>
        Resources.Where(r => r.Value is JsonObject o && (string?)o["Type"] == type)
            .Select(r => (r.Key, r.Value!.AsObject()));

    public JsonObject? Resource(string id) => Resources[id] as JsonObject;

    public static JsonObject Properties(JsonObject resource) => resource["Properties"] as JsonObject ?? [];

    /// <summary>The single resource of <paramref name="type"/>, or a problem saying how many there are.</summary>
    public (string Id, JsonObject Resource)? Single(string type, List<string> problems)
    {
        var all = OfType(type).ToList();
        if (all.Count == 1)
        {
            return all[0];
        }

        problems.Add($"expected exactly one {type}, found {all.Count}");
        return null;
    }

    /// <summary>Evaluates a named condition when it only compares literals (as serverless renders them).</summary>
    public bool? Condition(string name) =>
        Root["Conditions"]?[name] is JsonNode body ? Evaluate(body) : null;

    private bool? Evaluate(JsonNode? node)
    {
        if (node is JsonValue value && value.TryGetValue<bool>(out var literal))
        {
            return literal;
        }

        if (node is not JsonObject { Count: 1 } fn)
        {
            return null;
        }

        var (name, args) = fn.First();
        var list = args as JsonArray;
        switch (name)
        {
            case "Condition":
                return Condition((string?)args ?? "");
            case "Fn::Not" when list is { Count: 1 }:
                return !Evaluate(list[0]);
            case "Fn::And" when list is not null:
                return list.Select(Evaluate).Aggregate((bool?)true, (a, b) => a & b);
            case "Fn::Or" when list is not null:
                return list.Select(Evaluate).Aggregate((bool?)false, (a, b) => a | b);
            case "Fn::Equals" when list is { Count: 2 }:
                return Cfn.Literal(list[0]) is { } left && Cfn.Literal(list[1]) is { } right ? left == right : null;
            default:
                return null;
        }
    }
}

/// <summary>Readers for CloudFormation values and intrinsic functions.</summary>
internal static class Cfn
{
    /// <summary>A scalar as text ("12" and 12 alike), or null for objects, arrays and missing values.</summary>
    public static string? Literal(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<string>(out var s) ? s : value.ToJsonString()
        : null;

    public static double? Number(JsonNode? node) =>
        double.TryParse(Literal(node), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static bool? Bool(JsonNode? node) => Literal(node) switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    /// <summary>The logical id of a <c>{"Ref": id}</c>.</summary>
    public static string? Ref(JsonNode? node) => node is JsonObject { Count: 1 } o ? (string?)o["Ref"] : null;

    /// <summary>The logical id and attribute of a <c>{"Fn::GetAtt": [id, attribute]}</c>.</summary>
    public static (string Id, string Attribute)? GetAtt(JsonNode? node)
    {
        switch (node is JsonObject { Count: 1 } o ? o["Fn::GetAtt"] : null)
        {
            case JsonArray { Count: 2 } pair:
                return ((string?)pair[0] ?? "", (string?)pair[1] ?? "");
            case JsonValue dotted when ((string?)dotted)?.Split('.', 2) is [var id, var attribute]:
                return (id, attribute);
            default:
                return null;
        }
    }

    /// <summary>A node as text with intrinsic references written the way Fn::Sub writes them.</summary>
    public static string? Text(JsonNode? node)
    {
        if (Literal(node) is { } literal)
        {
            return literal;
        }

        if (Ref(node) is { } id)
        {
            return $"${{{id}}}";
        }

        if (GetAtt(node) is var (resource, attribute))
        {
            return $"${{{resource}.{attribute}}}";
        }

        if (node is JsonObject { Count: 1 } o)
        {
            if (o["Fn::Sub"] is JsonValue sub)
            {
                return (string?)sub;
            }

            if (o["Fn::Sub"] is JsonArray { Count: > 0 } subWithVariables)
            {
                return (string?)subWithVariables[0];
            }

            if (o["Fn::Join"] is JsonArray { Count: 2 } join && join[1] is JsonArray parts)
            {
                var texts = parts.Select(Text).ToList();
                return texts.Any(t => t is null) ? null : string.Join((string?)join[0] ?? "", texts);
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="node"/> refers to resource <paramref name="id"/> anywhere inside it.</summary>
    public static bool RefersTo(JsonNode? node, string id) => node switch
    {
        JsonObject o when Ref(o) == id || GetAtt(o)?.Id == id => true,
        JsonObject o when o["Fn::Sub"] is { } sub && SubRefersTo(sub, id) => true,
        JsonObject o => o.Any(p => RefersTo(p.Value, id)),
        JsonArray a => a.Any(n => RefersTo(n, id)),
        _ => false,
    };

    private static bool SubRefersTo(JsonNode sub, string id)
    {
        var text = sub is JsonArray a ? (string?)a[0] : (string?)sub;
        return text is not null &&
            (text.Contains($"${{{id}}}", StringComparison.Ordinal) || text.Contains($"${{{id}.", StringComparison.Ordinal));
    }

    /// <summary>The first of <see cref="OneOrMany"/>, or null.</summary>
    public static JsonNode? First(JsonNode? node) => OneOrMany(node) is [var first, ..] ? first : null;

    /// <summary>A value that may be one string or a list of them (IAM Action, Resource).</summary>
    public static IReadOnlyList<JsonNode?> OneOrMany(JsonNode? node) => node switch
    {
        null => [],
        JsonArray a => [.. a],
        _ => [node],
    };

    /// <summary>Every string in the tree, property names included, with its JSON path.</summary>
    public static IEnumerable<(string Path, string Value)> Strings(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    yield return ($"{path}.{key} (name)", key);
                    foreach (var s in Strings(value, $"{path}.{key}"))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var s in Strings(a[i], $"{path}[{i}]"))
                    {
                        yield return s;
                    }
                }

                break;
            case JsonValue v when v.TryGetValue<string>(out var text):
                yield return (path, text);
                break;
        }
    }
}
