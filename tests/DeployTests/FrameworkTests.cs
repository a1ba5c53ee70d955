using System.Diagnostics;

namespace Latch.DeployTests;

/// <summary>
/// The whole loop once with the real framework: a copy of serverless.yml with `timeout: 30` is packaged like
/// the prod stage (in a copy of its staging folder) and the timeout check names it. About five seconds.
/// </summary>
public sealed class FrameworkTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Packaging_serverless_yml_with_timeout_30_fails_the_timeout_check()
    {
        var root = Template.RepositoryRoot();
        var staging = Path.Combine(root, "artifacts", "serverless", "work", "prod");
        var serverless = Path.Combine(root, "deploy", "node_modules", ".bin", "serverless");
        Assert.True(Directory.Exists(staging) && File.Exists(serverless),
            $"No staging folder or framework install: run {Template.PackageScript} (./scripts/test.sh runs it first).");

        var work = Directory.CreateTempSubdirectory("latch-sls-");
        try
        {
            Copy(new DirectoryInfo(staging), work);
            var config = Path.Combine(work.FullName, "serverless.yml");
            var yaml = await File.ReadAllTextAsync(config);
            Assert.Contains("\n  timeout: 15\n", yaml, StringComparison.Ordinal);
            await File.WriteAllTextAsync(config, yaml.Replace("\n  timeout: 15\n", "\n  timeout: 30\n", StringComparison.Ordinal));

            var output = Path.Combine(work.FullName, "out");
            var (exitCode, log) = await Run(serverless, work.FullName, "package", "--stage", "prod", "--package", output);
            Assert.True(exitCode == 0, $"serverless package failed ({exitCode}):\n{log}");

            var broken = Template.FromFile(Path.Combine(output, Template.FileName));
            Assert.Contains("Timeout is 30, expected 15", Checks.Function(broken, StageSpec.Prod));
            Assert.Empty(Checks.Waf(broken));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Copies a staging folder; its link to the Lambda package stays a link.</summary>
    private static void Copy(DirectoryInfo from, DirectoryInfo to)
    {
        foreach (var file in from.EnumerateFiles())
        {
            var target = Path.Combine(to.FullName, file.Name);
            if (file.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(target, Path.GetFullPath(link, from.FullName));
            }
            else if (file.Name != "serverless.log")
            {
                file.CopyTo(target);
            }
        }

        foreach (var directory in from.EnumerateDirectories())
        {
            Copy(directory, to.CreateSubdirectory(directory.Name));
        }
    }

    private static async Task<(int ExitCode, string Log)> Run(string executable, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // As scripts/test.d/20-serverless-package.sh runs it: offline, quiet, and with no AWS credentials.
        start.Environment["SLS_TELEMETRY_DISABLED"] = "1";
        start.Environment["SLS_TRACKING_DISABLED"] = "1";
        start.Environment["SLS_NOTIFICATIONS_MODE"] = "off";
        start.Environment["SLS_INTERACTIVE_SETUP_DISABLE"] = "1";
        foreach (var name in new[] { "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"serverless {string.Join(' ', arguments)} did not finish within {Limit}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
