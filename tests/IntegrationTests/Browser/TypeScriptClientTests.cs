using Latch.IntegrationTests.Mail;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Browser;

/// <summary>
/// The TypeScript client (clients/typescript) against the built Kestrel host: its types are the ones generated from
/// the served OpenAPI document, and its node:test suite passes against the real API.
/// </summary>
public sealed class TypeScriptClientTests
{
    [Fact]
    public async Task The_generated_types_match_the_served_OpenAPI_document()
    {
        NodeRun.AssertBuilt();
        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>());
        using var client = host.CreateClient();
        var document = Path.Combine(host.DataDirectory, "openapi.json");
        var generated = Path.Combine(host.DataDirectory, "openapi.ts");
        await File.WriteAllBytesAsync(document, await client.GetByteArrayAsync("/openapi/v1.json"));

        var (exit, output) = await NodeRun.RunAsync(
            [Path.Combine("node_modules", "openapi-typescript", "bin", "cli.js"), document, "-o", generated],
            new Dictionary<string, string>(), TimeSpan.FromMinutes(1));
        Assert.True(exit == 0, output);

        var committed = Path.Combine(NodeRun.ClientDirectory, "src", "generated", "openapi.ts");
        Assert.True(await File.ReadAllTextAsync(committed) == await File.ReadAllTextAsync(generated),
            "clients/typescript/src/generated/openapi.ts is not what the served document generates: save the served " +
            "/openapi/v1.json as clients/typescript/openapi.json, run `npm run generate` there, and rebuild.");
    }

    [Fact]
    public async Task The_client_tests_pass_against_the_Kestrel_host()
    {
        NodeRun.AssertBuilt();
        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?> { ["RateLimiting__Auth__PerMinute"] = "1000" });
        var (exit, output) = await NodeRun.RunAsync(["--test", "--test-reporter=spec", "dist/test/"],
            new Dictionary<string, string> { ["LATCH_URL"] = host.Address("http").ToString().TrimEnd('/') }, TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, $"node --test failed ({exit}):\n{output}");
        Assert.Contains("fail 0", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The client against the host as it ships: email verification on (the test host above turns it off), the mail
    /// written to a folder the node tests read the link from, as the user's mail program would.
    /// </summary>
    [Fact]
    public async Task The_client_registers_through_the_emailed_link_against_a_host_with_verification_on()
    {
        var output = await RunWithMailboxAsync("dist/test/registration.test.js");
        Assert.Contains("pass 2", output, StringComparison.Ordinal);
        Assert.Contains("skipped 0", output, StringComparison.Ordinal);
    }

    /// <summary>The password-reset and email-change helpers, through the links that host mails.</summary>
    [Fact]
    public async Task The_client_resets_a_password_and_changes_an_email_through_the_emailed_links()
    {
        var output = await RunWithMailboxAsync("dist/test/mail-flows.test.js");
        Assert.Contains("pass 2", output, StringComparison.Ordinal);
        Assert.Contains("skipped 0", output, StringComparison.Ordinal);
    }

    private static async Task<string> RunWithMailboxAsync(string tests)
    {
        NodeRun.AssertBuilt();
        using var mailbox = new Mailbox();
        var settings = MailLinks.Settings(mailbox).ToDictionary(e => e.Key.Replace(":", "__", StringComparison.Ordinal), e => e.Value);
        settings["Registration__RequireEmailVerification"] = null; // the shipped default
        settings["RateLimiting__Auth__PerMinute"] = "1000";
        await using var host = await KestrelProcess.StartAsync(settings);
        var (exit, output) = await NodeRun.RunAsync(["--test", "--test-reporter=spec", tests],
            new Dictionary<string, string>
            {
                ["LATCH_URL"] = host.Address("http").ToString().TrimEnd('/'),
                ["LATCH_MAILBOX"] = mailbox.Directory,
            }, TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, $"node --test failed ({exit}):\n{output}");
        return output;
    }
}
