using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Latch.LambdaEmulator;
using MimeKit;

namespace Latch.LambdaTests;

/// <summary>
/// The email flows through the real Lambda bootstrap and the emulator's front door, with verification on as shipped:
/// register answers 202, the verification link's token creates the account, and a password reset sets a new password.
/// Mail goes to a mailbox folder here (the in-process outbox); on AWS it is the SQS queue (<see cref="MailSenderTests"/>).
/// </summary>
public sealed partial class EmailFlowTests(MailingFunction function) : IClassFixture<MailingFunction>
{
    private const string Password = "a long passphrase nobody would guess 42";

    [Fact]
    public async Task Register_verify_and_reset_through_the_Lambda_host()
    {
        await using var front = await FrontDoor.StartAsync(function.Emulator, EventFormat.V2);
        using var http = new HttpClient { BaseAddress = front.Address };
        var email = $"flow-{Guid.NewGuid():N}@example.com";

        using var register = await http.PostAsJsonAsync("/v1/auth/register", new { email, password = Password });
        Assert.Equal(HttpStatusCode.Accepted, register.StatusCode);
        using var early = await http.PostAsJsonAsync("/v1/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, early.StatusCode);

        // The link alone is not enough (pre-hijacking): a wrong password is refused and leaves the token usable.
        var link = await TokenAsync(email, "/verify#", 1);
        using var wrong = await http.PostAsJsonAsync("/v1/auth/verify-email", new { token = link, password = "not the one chosen" });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("wrong_password", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var verify = await http.PostAsJsonAsync("/v1/auth/verify-email", new { token = link, password = Password });
        Assert.Equal(HttpStatusCode.Created, verify.StatusCode);
        Assert.Equal(email, (await verify.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("email").GetString());

        using var reset = await http.PostAsJsonAsync("/v1/auth/password-reset", new { email });
        Assert.Equal(HttpStatusCode.Accepted, reset.StatusCode);
        var token = await TokenAsync(email, "/reset#", 2);
        const string newPassword = "a different passphrase nobody would guess 43";
        using var confirm = await http.PostAsJsonAsync("/v1/auth/password-reset/confirm", new { token, newPassword });
        Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);
        using var again = await http.PostAsJsonAsync("/v1/auth/password-reset/confirm", new { token, newPassword });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("invalid_email_token", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var login = await http.PostAsJsonAsync("/v1/auth/login", new { email, password = newPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    private async Task<string> TokenAsync(string to, string page, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var mails = Directory.GetFiles(function.Mailbox, "*.eml").Order(StringComparer.Ordinal)
                .Select(path => MimeMessage.Load(path))
                .Where(m => m.To.Mailboxes.Any(a => a.Address == to)).ToList();
            if (mails.Count >= count)
            {
                var match = TokenInLink().Match(mails[^1].TextBody ?? string.Empty);
                Assert.True(match.Success && match.Groups[1].Value.Contains(page, StringComparison.Ordinal), mails[^1].Subject);
                return match.Groups[2].Value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no email {count} for the address in the mailbox");
            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"(https://app\.acme\.example/\w+#)token=([A-Za-z0-9_-]+)")]
    private static partial Regex TokenInLink();
}

/// <summary>The built Host.Lambda with verification on (as shipped) and its mail written to a mailbox folder.</summary>
public sealed class MailingFunction : IAsyncLifetime
{
    private FunctionProcess? _process;

    public string Mailbox { get; } = Directory.CreateTempSubdirectory("latch-lambda-mailbox-").FullName;

    public RuntimeApiEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await RuntimeApiEmulator.StartAsync();
        _process = FunctionProcess.StartBuilt(Emulator.RuntimeApi, new Dictionary<string, string?>
        {
            ["Passwords__BcryptWorkFactor"] = "10",
            ["RateLimiting__Auth__PerMinute"] = "1000000",
            ["Registration__RequireEmailVerification"] = "true",
            ["Mail__Transport"] = "Mailbox",
            ["Mail__Mailbox__Directory"] = Mailbox,
            ["Mail__Links__VerifyEmail"] = "https://app.acme.example/verify#token={token}",
            ["Mail__Links__PasswordReset"] = "https://app.acme.example/reset#token={token}",
            ["Mail__Links__ConfirmEmailChange"] = "https://app.acme.example/email#token={token}",
            ["Mail__Links__SignIn"] = "https://app.acme.example/sign-in",
        });
        await Emulator.WaitUntilReadyAsync(() => _process.Output, _process);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(Mailbox, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
