using System.Diagnostics.Tracing;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Latch.Bench.StartupGenerics;

/// <summary>
/// Every service type, implementation type and enumerable item type named in the call sites the container builds
/// (the <c>Microsoft-Extensions-DependencyInjection</c> event source's CallSiteBuilt events), and every resolved service
/// type: under Native AOT, each closed generic among them that the compiler did not build is built at run time.
/// </summary>
internal sealed partial class ResolvedServiceListener : EventListener
{
    private const string Source = "Microsoft-Extensions-DependencyInjection";
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pending = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    [GeneratedRegex("\"(?:serviceType|implementationType|itemType)\": \"([^\"]+)\"")]
    private static partial Regex CallSiteType();

    public IReadOnlyList<Type> ClosedGenericTypes()
    {
        string[] names;
        lock (_lock)
        {
            names = [.. _names];
        }

        var assemblies = AppDomain.CurrentDomain.GetAssemblies();
        return [.. names.Select(name => TypeNames.Resolve(name, assemblies)).Where(t => t.IsConstructedGenericType).Distinct()];
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == Source)
        {
            EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var fields = names.Zip(payload, (name, value) => (name, value: value?.ToString() ?? ""))
            .ToDictionary(f => f.name, f => f.value, StringComparer.Ordinal);
        lock (_lock)
        {
            if (fields.TryGetValue("serviceType", out var serviceType))
            {
                _names.Add(serviceType);
            }

            if (fields.TryGetValue("callSite", out var callSite))
            {
                AddCallSite(serviceType ?? "", callSite, fields);
            }
        }
    }

    /// <summary>A long call site comes in chunks, in order: the types are read once the last one is in.</summary>
    private void AddCallSite(string serviceType, string chunk, Dictionary<string, string> fields)
    {
        var index = fields.TryGetValue("chunkIndex", out var i) ? int.Parse(i, CultureInfo.InvariantCulture) : 0;
        var count = fields.TryGetValue("chunkCount", out var c) ? int.Parse(c, CultureInfo.InvariantCulture) : 1;
        var text = index == 0 ? chunk : _pending.GetValueOrDefault(serviceType, "") + chunk;
        if (index + 1 < count)
        {
            _pending[serviceType] = text;
            return;
        }

        _pending.Remove(serviceType);
        foreach (Match match in CallSiteType().Matches(text))
        {
            _names.Add(match.Groups[1].Value);
        }
    }
}

/// <summary>Type names as <see cref="Type.ToString"/> writes them (<c>A`1[B]</c>), back to types, and out as runtime directives name them.</summary>
internal static class TypeNames
{
    public static Type Resolve(string name, IReadOnlyList<Assembly> assemblies)
    {
        name = name.Trim();
        var open = name.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return Find(name, assemblies);
        }

        var arguments = new List<string>();
        var inner = name[(open + 1)..^1];
        int depth = 0, start = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            switch (inner[i])
            {
                case '[':
                    depth++;
                    break;
                case ']':
                    depth--;
                    break;
                case ',' when depth == 0:
                    arguments.Add(inner[start..i]);
                    start = i + 1;
                    break;
            }
        }

        arguments.Add(inner[start..]);
        return Find(name[..open], assemblies).MakeGenericType([.. arguments.Select(a => Resolve(a, assemblies))]);
    }

    /// <summary>The form the AOT compiler's runtime directives read: generic arguments assembly-qualified, by simple name.</summary>
    public static string Directive(Type type) => type.IsConstructedGenericType
        ? $"{type.GetGenericTypeDefinition().FullName}[{string.Join(",", type.GetGenericArguments().Select(a => $"[{Directive(a)}, {a.Assembly.GetName().Name}]"))}]"
        : type.IsArray ? $"{Directive(type.GetElementType()!)}[]" : type.FullName!;

    private static Type Find(string name, IReadOnlyList<Assembly> assemblies) =>
        assemblies.Select(a => a.GetType(name)).FirstOrDefault(t => t is not null)
        ?? throw new InvalidOperationException($"No loaded assembly has the type {name}.");
}
