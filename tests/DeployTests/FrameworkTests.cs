namespace Latch.DeployTests;

/// <summary>
/// The whole loop once with the real framework: a copy of serverless.yml with `timeout: 30` is packaged like
/// the prod stage (in a copy of its staging folder) and the timeout check names it. About five seconds.
/// </summary>
public sealed class FrameworkTests
{
    [Fact]
    public async Task Packaging_serverless_yml_with_timeout_30_fails_the_timeout_check()
    {
        var work = Framework.CopyStaging("prod");
        try
        {
            var config = Path.Combine(work.FullName, "serverless.yml");
            var yaml = await File.ReadAllTextAsync(config);
            Assert.Contains("\n  timeout: 15\n", yaml, StringComparison.Ordinal);
            await File.WriteAllTextAsync(config, yaml.Replace("\n  timeout: 15\n", "\n  timeout: 30\n", StringComparison.Ordinal));

            var output = Path.Combine(work.FullName, "out");
            var (exitCode, log) = await Framework.Run(work.FullName, null, "package", "--stage", "prod", "--package", output);
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
}
