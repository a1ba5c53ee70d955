using System.Diagnostics;

namespace Latch.DeployTests;

/// <summary>The pinned Serverless Framework (deploy/node_modules), run on a copy of a packaged stage's staging folder.</summary>
internal static class Framework
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    public static string Executable => Path.Combine(Template.RepositoryRoot(), "deploy", "node_modules", ".bin", "serverless");

    /// <summary>A fresh copy of artifacts/serverless/work/<paramref name="stage"/> (serverless.yml, plugin, .env, the zip link).</summary>
    public static DirectoryInfo CopyStaging(string stage)
    {
        var staging = Path.Combine(Template.RepositoryRoot(), "artifacts", "serverless", "work", stage);
        Assert.True(Directory.Exists(staging) && File.Exists(Executable),
            $"No staging folder or framework install: run {Template.PackageScript} (./scripts/test.sh runs it first).");

        var work = Directory.CreateTempSubdirectory("latch-sls-");
        Copy(new DirectoryInfo(staging), work);
        return work;
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

        foreach (var directory in from.EnumerateDirectories().Where(d => d.Name != ".serverless"))
        {
            Copy(directory, to.CreateSubdirectory(directory.Name));
        }
    }

    /// <summary>
    /// Runs the framework in <paramref name="directory"/> as scripts/test.d/20-serverless-package.sh does: quiet,
    /// no telemetry, no AWS profile or credentials of the machine. <paramref name="environment"/> adds to that.
    /// </summary>
    public static async Task<(int ExitCode, string Log)> Run(
        string directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SLS_TELEMETRY_DISABLED"] = "1";
        start.Environment["SLS_TRACKING_DISABLED"] = "1";
        start.Environment["SLS_NOTIFICATIONS_MODE"] = "off";
        start.Environment["SLS_INTERACTIVE_SETUP_DISABLE"] = "1";
        foreach (var name in new[] { "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "NODE_OPTIONS" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

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
