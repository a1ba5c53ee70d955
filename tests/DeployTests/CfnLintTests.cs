using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Latch.DeployTests;

/// <summary>
/// The CloudFormation linter on what would be deployed: each stage's template, and the core template the first
/// deploy creates the stack from. Errors fail (warnings are printed); without cfn-lint on PATH the tests are
/// reported as skipped, saying so.
/// </summary>
public sealed class CfnLintTests
{
    public static TheoryData<string, string> Templates => new()
    {
        { "prod", Template.FileName },
        { "dev", Template.FileName },
        { "prod", "cloudformation-template-create-stack.json" },
    };

    [SkippableTheory]
    [MemberData(nameof(Templates))]
    public async Task The_packaged_template_has_no_cfn_lint_error(string stage, string file)
    {
        var (exitCode, output) = await Lint(Path.Combine(Template.RepositoryRoot(), "artifacts", "serverless", stage, file));

        Assert.True(!HasErrors(exitCode), $"cfn-lint found errors in {stage}/{file} (exit {exitCode}):\n{output}");
    }

    [SkippableFact]
    public async Task An_unknown_property_is_an_error()
    {
        var broken = Template.For(StageSpec.Prod).With(r =>
            r["Resources"]!["ApiLambdaFunction"]!["Properties"]!["TimeoutSeconds"] = JsonValue.Create(15));
        var path = Path.Combine(Path.GetTempPath(), $"latch-cfn-lint-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, broken.Root.ToJsonString());
        try
        {
            var (exitCode, output) = await Lint(path);

            Assert.True(HasErrors(exitCode), $"cfn-lint exit {exitCode}:\n{output}");
            Assert.Contains("TimeoutSeconds", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>cfn-lint's exit code is a bit set: 2 errors, 4 warnings, 8 informational; 1 is a failure of its own.</summary>
    private static bool HasErrors(int exitCode) => (exitCode & 0b11) != 0;

    private static async Task<(int ExitCode, string Output)> Lint(string template)
    {
        var linter = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "cfn-lint")).FirstOrDefault(File.Exists);
        Skip.If(linter is null, "SKIPPED LOUDLY: cfn-lint is not on PATH, so the CloudFormation linter did not run (install it: pip install cfn-lint).");

        var start = new ProcessStartInfo(linter!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(template);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
