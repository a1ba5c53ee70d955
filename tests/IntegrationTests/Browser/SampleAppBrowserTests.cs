using System.Text.RegularExpressions;
using Latch.IntegrationTests.Mail;
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

    /// <summary>
    /// The sample app's pages for the emailed links, against the host as it ships (email verification on), its mail
    /// written to a folder and its links pointing at the app's pages (the Development defaults' paths, on the app's
    /// port): the browser test opens each link from the mail and completes registration, email change and password reset,
    /// and a link that fails (already used) leaves its token in neither the address bar nor the history.
    /// </summary>
    [SkippableFact]
    public async Task The_sample_app_completes_each_flow_from_the_link_in_its_email_in_Chromium()
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} is not installed (apt-get install -y chromium): the browser test did not run");
        NodeRun.AssertBuilt();
        using var mailbox = new Mailbox();
        var appPort = NodeRun.FreePort();
        var app = $"http://localhost:{appPort}";
        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Staging",
            ["Cors__AllowedOrigins__0"] = app,
            ["RateLimiting__Auth__PerMinute"] = "1000",
            ["Registration__RequireEmailVerification"] = null, // the shipped default
            ["Mail__Transport"] = "Mailbox",
            ["Mail__Mailbox__Directory"] = mailbox.Directory,
            ["Mail__From"] = "Latch sample <no-reply@example.com>",
            ["Mail__Links__VerifyEmail"] = app + "/verify-email#token={token}",
            ["Mail__Links__PasswordReset"] = app + "/reset-password#token={token}",
            ["Mail__Links__ConfirmEmailChange"] = app + "/confirm-email#token={token}",
            ["Mail__Links__SignIn"] = app + "/sign-in",
        });

        var (exit, output) = await NodeRun.RunAsync(["--test", "--test-reporter=spec", "browser-test/sample-app-links.test.mjs"],
            new Dictionary<string, string>
            {
                ["LATCH_URL"] = $"http://localhost:{host.Address("http").Port}",
                ["APP_PORT"] = appPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["LATCH_MAILBOX"] = mailbox.Directory,
                ["CHROMIUM"] = Chromium,
            }, TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, $"the browser test failed ({exit}):\n{output}");
        Assert.Contains("pass 4", output, StringComparison.Ordinal);
        Assert.Contains("skipped 0", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"HTTP OPTIONS \S*/v1/auth/\S* responded 204")]
    private static partial Regex Preflight();
}
