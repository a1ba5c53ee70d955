using System.Diagnostics;

namespace Latch.Tools.Preflight;

/// <summary>
/// The few git questions preflight asks, through the git command line. Git gets a cleared environment with only
/// what it needs to find itself, the user's git configuration and a locale: preflight runs with the stage's
/// secrets in its own environment (<c>LATCH_SECRETS_JSON</c>), and neither git nor anything it starts (hooks,
/// credential helpers, a <c>git</c> earlier on <c>PATH</c>) has any business reading them.
/// </summary>
internal static class Git
{
    private static readonly string[] Inherited =
    [
        "PATH", "HOME", "XDG_CONFIG_HOME", "LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TMPDIR",

        // Windows: where the system and the user's profile are.
        "SystemRoot", "USERPROFILE", "HOMEDRIVE", "HOMEPATH",
    ];

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

        start.Environment.Clear();
        foreach (var name in Inherited)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
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
