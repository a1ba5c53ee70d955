using System.Diagnostics;
using Latch.OpsTests.Support;

namespace Latch.OpsTests;

/// <summary>
/// Preflight run as operators run it — its own process, the secret in <c>LATCH_SECRETS_JSON</c>, AWS credentials in the
/// shell — with a <c>git</c> and a <c>node</c> on <c>PATH</c> that write down the environment they were given before they
/// run the real one: the secret (and anything else of the operator's environment that git has no use for) must not
/// reach git, and neither the secret nor any AWS credential may reach the Serverless Framework.
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

        var dumps = Directory.CreateDirectory(Path.Combine(_standIn, "environments")).FullName;
        var nodeDumps = Directory.CreateDirectory(Path.Combine(_standIn, "node-environments")).FullName;
        var bin = Directory.CreateDirectory(Path.Combine(_standIn, "bin")).FullName;
        await StandInAsync(bin, "git", dumps);
        await StandInAsync(bin, "node", nodeDumps);
        var secrets = await File.ReadAllTextAsync(_repo.SecretsFile);

        var (code, output) = await RunToolAsync(bin, new Dictionary<string, string>
        {
            ["LATCH_SECRETS_JSON"] = secrets,
            ["AWS_SECRET_ACCESS_KEY"] = "an-operator-credential-git-has-no-use-for",
            ["AWS_ACCESS_KEY_ID"] = "an-operator-credential-id",
            ["AWS_PROFILE"] = "operator",
        });

        Assert.True(code == 0, output);
        var frameworkRuns = Directory.GetFiles(nodeDumps);
        Assert.NotEmpty(frameworkRuns);
        foreach (var file in frameworkRuns)
        {
            var frameworkEnvironment = (await File.ReadAllTextAsync(file)).Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(v => v[..v.IndexOf('=', StringComparison.Ordinal)], v => v[(v.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            Assert.DoesNotContain("LATCH_SECRETS_JSON", frameworkEnvironment.Keys);
            Assert.DoesNotContain(secrets, frameworkEnvironment.Values);
            Assert.DoesNotContain(frameworkEnvironment.Keys, k => k is "AWS_SECRET_ACCESS_KEY" or "AWS_ACCESS_KEY_ID" or "AWS_PROFILE");
            Assert.Equal("/dev/null", frameworkEnvironment["AWS_SHARED_CREDENTIALS_FILE"]);
            Assert.Equal("/dev/null", frameworkEnvironment["AWS_CONFIG_FILE"]);
            Assert.Equal("true", frameworkEnvironment["AWS_EC2_METADATA_DISABLED"]);
        }

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

    /// <summary>
    /// The framework resolves serverless.yml with no network at all: the tool in a network namespace of its own, with no
    /// interface but an unconfigured loopback. Needs <c>unshare</c> with the right to make the namespace (root, as CI runs).
    /// </summary>
    [SkippableFact]
    public async Task Preflight_passes_with_no_network_at_all()
    {
        Skip.If(OperatingSystem.IsWindows(), "Network namespaces are Linux only.");
        Skip.IfNot(CanUnshareNetwork(), "unshare --net is not permitted here (it needs root or user namespaces).");

        // A host name, not mongodb+srv://: the app's own check of an SRV address looks it up in DNS, which needs a network.
        _repo.ChangeSecret("mongoConnectionString",
            "mongodb://latch:" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)) + "@db.example.net:27017/latch?tls=true");
        var (code, output) = await RunToolAsync(null, new Dictionary<string, string>
        {
            ["LATCH_SECRETS_JSON"] = await File.ReadAllTextAsync(_repo.SecretsFile),
        }, ["unshare", "--net"]);

        Assert.True(code == 0, output);
        Assert.Contains("preflight: stage prod: OK", output, StringComparison.Ordinal);
    }

    private static bool CanUnshareNetwork()
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo("unshare", ["--net", "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task StandInAsync(string bin, string command, string dumps)
    {
        var script = Path.Combine(bin, command);
        await File.WriteAllTextAsync(script, $"#!/bin/sh\nenv -0 > '{dumps}'/$$.env\nexec '{Which(command)}' \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private async Task<(int Code, string Output)> RunToolAsync(string? standInDirectory, Dictionary<string, string> environment, string[]? wrapper = null)
    {
        var tool = Path.Combine(Repository.ToolsDirectory, "Latch.Tools.dll");
        Assert.True(File.Exists(tool), $"The operator tool is not built at {tool}.");
        string[] command = [.. wrapper ?? [], "dotnet", tool, "preflight", "--stage", "prod", "--repo", _repo.Root];
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        if (standInDirectory is not null)
        {
            start.Environment["PATH"] = standInDirectory + Path.PathSeparator + start.Environment["PATH"];
        }

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
