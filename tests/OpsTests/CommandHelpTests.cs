using Latch.OpsTests.Support;

namespace Latch.OpsTests;

/// <summary>
/// <c>latch-tools &lt;command&gt; --help</c> (or <c>-h</c>) prints that command's usage on stdout and exits 0, wherever
/// it stands on the line; an option the command does not know is still a usage error (exit 2).
/// </summary>
public sealed class CommandHelpTests
{
    public static TheoryData<string, string, string> Commands() => new()
    {
        { "preflight", "--help", "--secrets <file.json>" },
        { "preflight", "-h", "--secrets <file.json>" },
        { "smoke", "--help", "--disallowed-origin <origin>" },
        { "smoke", "-h", "--disallowed-origin <origin>" },
        { "revoke-sessions", "--help", "--all-users" },
        { "revoke-sessions", "-h", "--all-users" },
        { "remove-second-factor", "--help", "--reason lost-device|account-compromise|user-request|other" },
        { "remove-second-factor", "-h", "--reason lost-device|account-compromise|user-request|other" },
        { "generate-key", "--help", "--format json|env|pem" },
        { "generate-key", "-h", "--format json|env|pem" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_prints_the_commands_usage_on_stdout_and_exits_0(string command, string help, string option)
    {
        var result = await Tool.RunAsync([command, help]);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Equal("", result.Error);
        Assert.StartsWith($"usage: latch-tools {command} ", result.Out, StringComparison.Ordinal);
        Assert.Contains(option, result.Out, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0", result.Out, StringComparison.Ordinal);
        foreach (var other in new[] { "preflight", "smoke", "revoke-sessions", "remove-second-factor", "generate-key" }.Where(c => c != command))
        {
            Assert.DoesNotContain($"latch-tools {other}", result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_after_other_options_still_prints_the_usage_and_does_nothing_else()
    {
        var result = await Tool.RunAsync(["generate-key", "--alg", "HS256", "--format", "env", "--help"]);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.StartsWith("usage: latch-tools generate-key ", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Jwt__Keys__0", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_still_a_usage_error()
    {
        var result = await Tool.RunAsync(["preflight", "--stage", "prod", "--helpme"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("latch-tools preflight: unknown option --helpme.", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }
}
