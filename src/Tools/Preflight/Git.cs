using System.Diagnostics;

namespace Latch.Tools.Preflight;

/// <summary>The few git questions preflight asks, through the git command line.</summary>
internal static class Git
{
    public static string? TopLevel(string directory)
    {
        var (code, output) = Run(directory, "rev-parse", "--show-toplevel");
        return code == 0 ? output.Trim() : null;
    }

    /// <summary>Every tracked path, relative to the repository root, with forward slashes.</summary>
    public static IReadOnlyList<string> TrackedFiles(string repository)
    {
        var (code, output) = Run(repository, "ls-files", "-z");
        return code == 0
            ? output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            : throw new InvalidOperationException($"git ls-files failed in {repository}.");
    }

    /// <summary>Whether .gitignore rules ignore the path (tracked or not, existing or not).</summary>
    public static bool IsIgnored(string repository, string relativePath) =>
        Run(repository, "check-ignore", "-q", "--no-index", "--", relativePath).Code == 0;

    public static bool IsTracked(string repository, string relativePath) =>
        Run(repository, "ls-files", "--error-unmatch", "--", relativePath).Code == 0;

    private static (int Code, string Output) Run(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = stderr.Result;
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (127, "");
        }
    }
}
