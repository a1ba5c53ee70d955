using System.Diagnostics;
using Latch.OpsTests.Support;

namespace Latch.OpsTests;

/// <summary>
/// <c>scripts/latch-tools</c>, the README's way to run the tool, run as written: from another directory, building the
/// tool itself when needed, passing arguments and exit codes through.
/// </summary>
public sealed class EntryPointTests
{
    [Fact]
    public async Task The_script_builds_and_runs_the_tool_from_any_directory()
    {
        var help = await RunAsync("--help");
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("usage: latch-tools <command> [options]", help.Output, StringComparison.Ordinal);

        var key = await RunAsync("generate-key", "--alg", "HS256", "--id", "entry-1", "--format", "env");
        Assert.True(key.ExitCode == 0, key.Output);
        Assert.Contains("Jwt__Keys__0__Id=entry-1", key.Output, StringComparison.Ordinal);

        var usage = await RunAsync("no-such-command");
        Assert.Equal(2, usage.ExitCode);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var script = Repository.Path("scripts/latch-tools");
        var start = new ProcessStartInfo("bash", [script, .. args])
        {
            WorkingDirectory = Path.GetTempPath(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // The first call builds the tool in Release from a clean tree while the other test projects run: minutes on
        // a loaded two-core machine. A run that still overstays is killed, so it cannot outlive the test.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output + await error);
    }
}
