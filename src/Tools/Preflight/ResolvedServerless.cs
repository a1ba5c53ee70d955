using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latch.Tools.Preflight;

/// <summary>serverless.yml resolved for one stage by the framework itself (<see cref="ServerlessPrint"/>).</summary>
internal sealed class ResolvedServerless(JsonObject root, string stage)
{
    public string Stage { get; } = stage;

    /// <summary>The value at a dotted path (<c>functions.api.events</c>, list items by index); null when absent.</summary>
    public JsonNode? Get(string path)
    {
        JsonNode? node = root;
        foreach (var segment in path.Split('.'))
        {
            node = node switch
            {
                JsonObject map => map[segment],
                JsonArray list when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < list.Count => list[index],
                _ => null,
            };
        }

        return node;
    }

    /// <summary>The entries of the mapping at <paramref name="path"/> (none when it is absent or not a mapping).</summary>
    public IEnumerable<KeyValuePair<string, JsonNode?>> Map(string path) =>
        Get(path) as JsonObject ?? [];

    /// <summary>A scalar as text (numbers and booleans as the framework would write them), or null for anything else.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        }
        : null;
}
