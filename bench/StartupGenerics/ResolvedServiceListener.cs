using System.Diagnostics.Tracing;
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

        lock (_lock)
        {
            for (var i = 0; i < payload.Count; i++)
            {
                var value = payload[i]?.ToString() ?? "";
                switch (names[i])
                {
                    case "serviceType":
                        _names.Add(value);
                        break;
                    case "callSite":
                        // A long call site comes in chunks; a type name cut at a chunk's edge does not match.
                        foreach (Match match in CallSiteType().Matches(value))
                        {
                            _names.Add(match.Groups[1].Value);
                        }

                        break;
                }
            }
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
