using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Latch.ArchitectureTests;

/// <summary>
/// Finds places in the repository's files that name a path outside the repository: a relative path that climbs
/// above the root, a root variable combined with "..", or a machine's own folders. A clone with nothing beside it
/// must build, test and run, so nothing may read from a sibling folder or from the author's machine.
/// </summary>
internal static partial class RepositoryBoundary
{
    /// <summary>The files to scan: git's list when the tree is a checkout, otherwise every file but build output.</summary>
    public static IReadOnlyList<string> Files(string root)
    {
        if (Directory.Exists(Path.Combine(root, ".git")) || File.Exists(Path.Combine(root, ".git")))
        {
            var listed = GitFiles(root);
            if (listed is not null)
            {
                return listed;
            }
        }

        string[] skipped = ["bin", "obj", "node_modules", "artifacts", ".git", "data"];
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(relative => !relative.Split('/').Any(skipped.Contains))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>One line per violation: <c>file:line: what</c>.</summary>
    public static IReadOnlyList<string> Violations(string root, IEnumerable<string> relativeFiles)
    {
        var fullRoot = Path.GetFullPath(root).TrimEnd('/') + "/";
        var violations = new List<string>();
        foreach (var relative in relativeFiles)
        {
            var path = Path.Combine(root, relative);
            if (!File.Exists(path) || IsBinary(path))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var lineNumber = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNumber++;
                foreach (var finding in Findings(line, directory, fullRoot))
                {
                    violations.Add($"{relative}:{lineNumber}: {finding}");
                }
            }
        }

        return violations;
    }

    private static IEnumerable<string> Findings(string line, string directory, string fullRoot)
    {
        foreach (Match match in RelativeClimb().Matches(line))
        {
            // Resolved against the file's own folder, as csproj includes, Markdown links and test data paths are.
            var resolved = Path.GetFullPath(Path.Combine(directory, match.Value.Replace('\\', '/')));
            if (!(resolved + "/").StartsWith(fullRoot, StringComparison.Ordinal))
            {
                yield return $"relative path '{match.Value}' leaves the repository";
            }
        }

        if (RootThenParent().Match(line) is { Success: true } climb)
        {
            yield return $"'{climb.Value}' climbs above the repository root";
        }

        if (MachinePath().Match(line) is { Success: true } machine)
        {
            yield return $"'{machine.Value}' is a path on somebody's machine";
        }
    }

    private static bool IsBinary(string path)
    {
        Span<byte> head = stackalloc byte[4096];
        using var stream = File.OpenRead(path);
        var read = stream.Read(head);
        return head[..read].Contains((byte)0);
    }

    private static string[]? GitFiles(string root)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["ls-files", "--cached", "--others", "--exclude-standard"])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine: the directory walk serves
        }
    }

    /// <summary>One or more "../" (or "..\") followed by a name: a relative path that climbs.</summary>
    [GeneratedRegex(@"(?<![\w.$})/\\])(?:\.\.[/\\])+[\w.-]+(?:[/\\][\w.-]+)*")]
    private static partial Regex RelativeClimb();

    /// <summary>A root-named variable combined with a parent step, as in a Path.Combine that climbs out.</summary>
    [GeneratedRegex(@"\w*Root\w*\s*,\s*""\.\.""")]
    private static partial Regex RootThenParent();

    /// <summary>Home and workspace folders of a particular machine.</summary>
    [GeneratedRegex(@"(?<![\w.-])(?:/(?:work|root)/|/home/\w|/Users/\w|[A-Za-z]:\\Users\\)")]
    private static partial Regex MachinePath();
}
