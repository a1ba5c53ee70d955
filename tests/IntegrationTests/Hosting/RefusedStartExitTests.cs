using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Hosting;

/// <summary>
/// A refused setting as an operator meets it: the built host started with a secret missing. What the README
/// promises is one line naming the setting and a configuration error's exit code — not a crash with a stack trace.
/// </summary>
public sealed class RefusedStartExitTests
{
    [Fact]
    public async Task A_missing_secret_stops_start_up_with_one_line_naming_it_and_exit_code_78()
    {
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            KestrelProcess.StartAsync(new Dictionary<string, string?> { ["Passwords__Pepper"] = null }));

        Assert.Contains("exited with 78 at start", refusal.Message, StringComparison.Ordinal);
        var output = refusal.Message[(refusal.Message.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("latch: ", line, StringComparison.Ordinal);
        Assert.Contains("Passwords:Pepper", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }
}
