using System.Text.RegularExpressions;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Browser;

/// <summary>
/// The sample app (samples/web) in Debian's headless Chromium, driven by playwright-core
/// (clients/typescript/browser-test): the API on http://localhost:A, the app on http://localhost:B (the one configured
/// origin: same site, another origin), a foreign site on http://127.0.0.1:C. Skipped, with the reason, only when
/// Chromium is not installed (scripts/test.d/05-system-tools.sh installs it when it can, and says so loudly when not).
/// </summary>
public sealed partial class SampleAppBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    [SkippableFact]
    public async Task The_sample_app_keeps_the_refresh_token_out_of_page_script_in_Chromium()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install -y chromium): the browser test did not run");
        NodeRun.AssertBuilt();
        var appPort = NodeRun.FreePort();
        var foreignPort = NodeRun.FreePort();
        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Staging", // http:// origins are refused in Production; localhost is a secure context
            ["Cors__AllowedOrigins__0"] = $"http://localhost:{appPort}",
            ["RateLimiting__Auth__PerMinute"] = "1000",
        });

        var (exit, output) = await NodeRun.RunAsync(["--test", "--test-reporter=spec", "browser-test/"],
            new Dictionary<string, string>
            {
                ["LATCH_URL"] = $"http://localhost:{host.Address("http").Port}",
                ["APP_PORT"] = appPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["FOREIGN_PORT"] = foreignPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["CHROMIUM"] = Chromium,
            }, TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, $"the browser test failed ({exit}):\n{output}");
        Assert.Contains("fail 0", output, StringComparison.Ordinal);

        // The browser sent preflights (the transport header forces them), and the API granted them.
        Assert.Matches(Preflight(), host.Output);
    }

    [GeneratedRegex(@"HTTP OPTIONS \S*/v1/auth/\S* responded 204")]
    private static partial Regex Preflight();
}
