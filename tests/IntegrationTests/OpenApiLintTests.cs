using System.Diagnostics;
using System.Text.Json;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>
/// The served OpenAPI document passes Redocly's recommended rules (tools/openapi-lint/redocly.yaml), as client
/// generators and API portals read it: the document the Kestrel host serves, linted by the pinned Redocly CLI
/// that the test command installs (scripts/test.d/25-openapi-lint.sh).
/// </summary>
public sealed class OpenApiLintTests
{
    [Fact]
    public async Task The_served_document_has_no_lint_error_or_warning()
    {
        var tool = Path.Combine(RepositoryPaths.Root, "tools", "openapi-lint");
        var redocly = Path.Combine(tool, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: scripts/test.d/25-openapi-lint.sh installs it (the test command runs it).");

        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>());
        using var client = host.CreateClient();
        var document = Path.Combine(host.DataDirectory, "openapi.json");
        await File.WriteAllBytesAsync(document, await client.GetByteArrayAsync("/openapi/v1.json"));

        var start = new ProcessStartInfo(redocly, ["lint", document, "--config", Path.Combine(tool, "redocly.yaml"), "--format=json"])
        {
            WorkingDirectory = tool,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var lint = Process.Start(start)!;
        var output = lint.StandardOutput.ReadToEndAsync();
        var errors = lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync();

        var report = JsonDocument.Parse(await output).RootElement;
        var problems = string.Join('\n', report.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}"));
        Assert.True(report.GetProperty("totals").GetProperty("errors").GetInt32() == 0, problems + "\n" + await errors);
        Assert.True(report.GetProperty("totals").GetProperty("warnings").GetInt32() == 0, problems);
        Assert.Equal(0, lint.ExitCode);
    }
}
