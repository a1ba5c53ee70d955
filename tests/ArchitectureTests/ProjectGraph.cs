using System.Xml.Linq;

namespace Latch.ArchitectureTests;

/// <summary>
/// The csproj <c>ProjectReference</c> graph. IL-based rules cannot see a reference that no code uses yet,
/// and such a reference is how a layer violation starts, so the graph is checked on its own.
/// </summary>
internal static class ProjectGraph
{
    /// <summary>Which project may reference which: the dependency rule of the design.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowList = new Dictionary<string, string[]>
    {
        ["Latch.Domain"] = [],
        ["Latch.Application"] = ["Latch.Domain"],
        ["Latch.Infrastructure"] = ["Latch.Application"],
        ["Latch.Host.Kestrel"] = ["Latch.Infrastructure"],
        ["Latch.Host.Lambda"] = ["Latch.Infrastructure"],
        ["Latch.Tools"] = ["Latch.Infrastructure"],
    };

    public static IReadOnlyDictionary<string, string[]> Read(string sourceRoot) =>
        Directory.EnumerateFiles(sourceRoot, "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(
                path => Path.GetFileNameWithoutExtension(path),
                path => XDocument.Load(path).Descendants()
                    .Where(e => e.Name.LocalName == "ProjectReference")
                    .Select(e => Path.GetFileNameWithoutExtension(((string?)e.Attribute("Include") ?? "").Replace('\\', '/')))
                    .ToArray());

    /// <summary>Every edge of <paramref name="graph"/> the allow-list does not name, and every unknown project.</summary>
    public static IReadOnlyList<string> Violations(IReadOnlyDictionary<string, string[]> graph,
        IReadOnlyDictionary<string, string[]> allowList)
    {
        var violations = new List<string>();
        foreach (var (project, references) in graph)
        {
            if (!allowList.TryGetValue(project, out var allowed))
            {
                violations.Add($"{project} is not in the allow-list");
                continue;
            }

            violations.AddRange(references.Where(r => !allowed.Contains(r)).Select(r => $"{project} -> {r}"));
        }

        return violations;
    }

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
}
