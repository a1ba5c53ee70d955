using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using FluentValidation;
using Mediator;
using NetArchTest.Rules;

namespace Latch.ArchitectureTests;

/// <summary>
/// Each rule takes its input (an assembly, or the fixture namespace of deliberately bad types) and returns
/// the names of the types that break it. Tests run every rule on the product (expecting none) and on a
/// fixture (expecting its bad type), so no rule can pass forever by checking the wrong thing.
/// </summary>
internal static partial class Rules
{
    public static IReadOnlyList<string> DependOnAny(Assembly assembly, string namespacePrefix, params string[] forbidden)
    {
        var result = Types.InAssembly(assembly)
            .That().ResideInNamespace(namespacePrefix)
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();
        return result.IsSuccessful ? [] : [.. result.FailingTypeNames ?? []];
    }

    /// <summary>
    /// Types in <paramref name="namespacePrefix"/> that name any public type of <paramref name="infrastructure"/> other
    /// than <paramref name="face"/>, or any of <paramref name="alsoForbidden"/>.
    /// </summary>
    public static IReadOnlyList<string> ReachPastFace(Assembly assembly, string namespacePrefix, Assembly infrastructure,
        IReadOnlyCollection<Type> face, params string[] alsoForbidden)
    {
        var beyond = infrastructure.GetExportedTypes().Where(t => !face.Contains(t) && !face.Contains(t.DeclaringType))
            .Select(t => t.FullName!.Replace('+', '/'));
        return DependOnAny(assembly, namespacePrefix, [.. beyond, .. alsoForbidden]);
    }

    /// <summary>
    /// Infrastructure's areas keep to their direction: each area under <paramref name="areaRoot"/> names no other area
    /// of <paramref name="productRoot"/> outside its <c>may use</c> list, and no area names the composition's own types
    /// (<paramref name="composition"/>: the registration and the server seam's implementation). A namespace under
    /// <paramref name="areaRoot"/> that is no listed area is a failure too, so a new area cannot slip in unmapped.
    /// </summary>
    public static IReadOnlyList<string> AreaCrossings(Assembly assembly, string areaRoot, string productRoot,
        IReadOnlyDictionary<string, string[]> areas, IReadOnlyCollection<Type> composition)
    {
        var failing = new List<string>();
        foreach (var (area, mayUse) in areas)
        {
            string[] forbidden =
            [
                .. areas.Keys.Where(other => other != area && !mayUse.Contains(other)).Select(other => $"{productRoot}.{other}"),
                .. composition.Select(t => t.FullName!),
            ];
            failing.AddRange(DependOnAny(assembly, $"{areaRoot}.{area}", forbidden).Select(t => $"{t} ({area})"));
        }

        failing.AddRange(assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith(areaRoot + ".", StringComparison.Ordinal) &&
                !areas.Keys.Any(area => ns == $"{areaRoot}.{area}" || ns.StartsWith($"{areaRoot}.{area}.", StringComparison.Ordinal)))
            .Where(t => !IsCompilerGenerated(t))
            .Select(t => $"{Name(t)} (no area)"));
        return failing;
    }

    /// <summary>
    /// The same direction read from the source under <paramref name="projectDirectory"/> (one folder per area, the
    /// composition's files at its root): each file's mentions of <c>Latch.Infrastructure.X</c>, in a <c>using</c> or a
    /// qualified name, where X is an area its own area may not use; and each folder that is no listed area. Compiled
    /// code cannot show a constant (it is copied into the caller), so this is the half of the rule that sees one.
    /// One line per finding: <c>path: what</c>.
    /// </summary>
    public static IReadOnlyList<string> AreaCrossingsInSource(string projectDirectory, IReadOnlyDictionary<string, string[]> areas)
    {
        string[] buildOutput = ["bin", "obj"];
        var failing = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(projectDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (buildOutput.Contains(folder) || !Directory.EnumerateFiles(Path.Combine(projectDirectory, folder!), "*.cs",
                    SearchOption.AllDirectories).Any())
            {
                continue;
            }

            if (!areas.TryGetValue(folder!, out var mayUse))
            {
                failing.Add($"{folder}/: no area");
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(Path.Combine(projectDirectory, folder!), "*.cs", SearchOption.AllDirectories)
                         .Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(projectDirectory, file).Replace('\\', '/');
                failing.AddRange(AreaMention().Matches(File.ReadAllText(file)).Select(m => m.Groups["area"].Value)
                    .Where(named => named != folder && areas.ContainsKey(named) && !mayUse.Contains(named))
                    .Distinct().Select(named => $"{relative}: uses {named}"));
            }
        }

        return failing;
    }

    /// <summary>The assemblies among <paramref name="products"/> that <paramref name="assembly"/> opens its internals to.</summary>
    public static IReadOnlyList<string> InternalsOpenedTo(Assembly assembly, IEnumerable<Assembly> products)
    {
        var opened = assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName.Split(',')[0].Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. products.Select(p => p.GetName().Name!).Where(opened.Contains)];
    }

    public static IReadOnlyList<string> HandlersNotInternalSealed(IEnumerable<Type> types) =>
        [.. types.Where(IsHandler).Where(t => !IsInternalSealed(t)).Select(Name)];

    public static IReadOnlyList<string> ValidatorsNotInternalSealed(IEnumerable<Type> types) =>
        [.. types.Where(IsValidator).Where(t => !IsInternalSealed(t)).Select(Name)];

    /// <summary>A request may be built once: readonly fields, and properties with no setter or an init-only one.</summary>
    public static IReadOnlyList<string> MutableRequests(IEnumerable<Type> types) =>
        [.. types.Where(IsRequest).Where(t => !IsImmutable(t, allowInit: true)).Select(Name)];

    /// <summary>Domain state changes only through intent methods: no public setter, not even init-only.</summary>
    public static IReadOnlyList<string> PublicSetters(IEnumerable<Type> types) =>
        [.. types.Where(t => !IsCompilerGenerated(t)).Where(HasPublicSetter).Select(Name)];

    public static IEnumerable<Type> TypesIn(Assembly assembly, string namespacePrefix) =>
        assembly.GetTypes().Where(t => t.Namespace is { } ns &&
            (ns == namespacePrefix || ns.StartsWith(namespacePrefix + ".", StringComparison.Ordinal)));

    private static bool IsHandler(Type type) => !type.IsAbstract && type.GetInterfaces().Any(i => i.IsGenericType &&
        i.GetGenericTypeDefinition() is var d &&
        (d == typeof(IRequestHandler<,>) || d == typeof(ICommandHandler<,>) || d == typeof(IQueryHandler<,>) ||
         d == typeof(INotificationHandler<>)));

    private static bool IsValidator(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(AbstractValidator<>))
            {
                return !type.IsAbstract;
            }
        }

        return false;
    }

    private static bool IsRequest(Type type) => !type.IsAbstract && !type.IsInterface &&
        type.GetInterfaces().Any(i => i == typeof(IMessage)) && !IsCompilerGenerated(type);

    private static bool IsInternalSealed(Type type) =>
        type.IsSealed && (type.IsNested ? type.IsNestedAssembly || type.IsNestedPrivate : type.IsNotPublic);

    private static bool IsImmutable(Type type, bool allowInit)
    {
        const BindingFlags instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            if (t.GetFields(instance).Any(f => !f.IsInitOnly))
            {
                return false;
            }

            if (t.GetProperties(instance).Any(p => p.SetMethod is { } setter && !(allowInit && IsInitOnly(setter))))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasPublicSetter(Type type) =>
        type.GetProperties(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Any(p => p.SetMethod is { IsPublic: true });

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    private static bool IsCompilerGenerated(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || type.Name.StartsWith('<');

    private static string Name(Type type) => type.FullName ?? type.Name;

    [GeneratedRegex(@"\bLatch\.Infrastructure\.(?<area>\w+)")]
    private static partial Regex AreaMention();
}
