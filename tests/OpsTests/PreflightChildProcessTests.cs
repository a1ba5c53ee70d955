using System.Diagnostics;
using Latch.OpsTests.Support;

namespace Latch.OpsTests;

/// <summary>
/// Preflight run as operators run it — its own process, the secret in <c>LATCH_SECRETS_JSON</c> — with a <c>git</c> on
/// <c>PATH</c> that writes down the environment it was given before it runs the real git: the secret (and anything
/// else of the operator's environment that git has no use for) must not reach it.
/// </summary>
public sealed class PreflightChildProcessTests : IDisposable
{
    private static readonly HashSet<string> AllowedForGit =
    [
        "PATH", "HOME", "XDG_CONFIG_HOME", "LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TMPDIR", "GIT_OPTIONAL_LOCKS",
    ];

    private readonly StageRepository _repo = new();
    private readonly string _standIn = Directory.CreateTempSubdirectory("latch-git-stand-in-").FullName;

    public void Dispose()
    {
        _repo.Dispose();
        Directory.Delete(_standIn, recursive: true);
    }

    [SkippableFact]
    public async Task Git_is_started_without_LATCH_SECRETS_JSON_or_any_other_variable_it_does_not_need()
    {
        Skip.If(OperatingSystem.IsWindows(), "The git stand-in is a shell script.");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var realGit = Which("git");
        var dumps = Directory.CreateDirectory(Path.Combine(_standIn, "environments")).FullName;
        var bin = Directory.CreateDirectory(Path.Combine(_standIn, "bin")).FullName;
        var script = Path.Combine(bin, "git");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\nenv -0 > '{dumps}'/$$.env\nexec '{realGit}' \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var secrets = await File.ReadAllTextAsync(_repo.SecretsFile);

        var (code, output) = await RunToolAsync(bin, new Dictionary<string, string>
        {
            ["LATCH_SECRETS_JSON"] = secrets,
            ["AWS_SECRET_ACCESS_KEY"] = "an-operator-credential-git-has-no-use-for",
        });

        Assert.True(code == 0, output);
        var environments = Directory.GetFiles(dumps);
        Assert.True(environments.Length >= 3, $"the stand-in ran {environments.Length} times:\n{output}");
        foreach (var file in environments)
        {
            var text = await File.ReadAllTextAsync(file);
            var names = text.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(v => v[..v.IndexOf('=', StringComparison.Ordinal)]).ToList();
            Assert.DoesNotContain("LATCH_SECRETS_JSON", names);
            Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", names);
            Assert.DoesNotContain(secrets, text, StringComparison.Ordinal);
            Assert.All(names.Where(n => n != "PWD" && n != "SHLVL" && n != "_"), n => Assert.Contains(n, AllowedForGit));
            Assert.Contains("PATH", names);
        }
    }

    private async Task<(int Code, string Output)> RunToolAsync(string gitDirectory, Dictionary<string, string> environment)
    {
        var tool = Path.Combine(Repository.ToolsDirectory, "Latch.Tools.dll");
        Assert.True(File.Exists(tool), $"The operator tool is not built at {tool}.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { tool, "preflight", "--stage", "prod", "--repo", _repo.Root })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PATH"] = gitDirectory + Path.PathSeparator + start.Environment["PATH"];
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + await error);
    }

    private static string Which(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException($"{command} is not on PATH.");
}
