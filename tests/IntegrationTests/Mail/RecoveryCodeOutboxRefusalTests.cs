using System.Net;
using System.Net.Sockets;
using Latch.Domain.Common;
using Latch.Domain.Lockout;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// A right recovery code sent while Kestrel's outbox is full (the mail relay accepts connections and never answers, as in
/// <see cref="OutboxFullTests"/>): each try answers 503 and spends nothing, and none is counted on the email's
/// back-off, so the owner who keeps retrying is not locked out of their own sign-in once the outbox takes mail again.
/// </summary>
public sealed class RecoveryCodeOutboxRefusalTests : IDisposable
{
    private readonly Mailbox _mailbox = new();
    private readonly TcpListener _silentRelay = new(IPAddress.Loopback, 0);
    private readonly KestrelFactory _factory;
    private readonly HttpClient _client;

    public RecoveryCodeOutboxRefusalTests()
    {
        _silentRelay.Start(); // connections wait in the backlog; no greeting is ever sent
        var settings = MailLinks.StuckOutboxSettings(_mailbox, _silentRelay);
        _factory = new KestrelFactory(settings);
        _client = _factory.Socket();
    }

    [Fact]
    public async Task Retrying_a_right_recovery_code_while_the_outbox_refuses_does_not_lock_the_owner_out()
    {
        var email = Api.NewEmail("recovery-outbox");
        var tokens = await _client.Register(email);
        var recoveryCode = await EnrolAsync(tokens.AccessToken);
        await FillOutboxAsync(email);

        // More tries than the back-off lets fail freely: were each counted, the next password would be refused too.
        for (var i = 0; i < LockoutPolicy.Default.FreeFailures + 3; i++)
        {
            using var stepUp = await _client.Send(HttpMethod.Post, "/v1/auth/step-up", tokens.AccessToken, new { recoveryCode });
            await stepUp.AssertProblem(HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable);
        }

        // The relay goes away: the stuck email fails at once and, tried only once, is dropped, and the outbox drains.
        _silentRelay.Stop();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            using var login = await _client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
            var mfaToken = (await login.AssertProblem(HttpStatusCode.Unauthorized, "mfa_required")).GetProperty("mfaToken").GetString()!;
            using var completed = await _client.PostJson("/v1/auth/login/mfa", new { mfaToken, recoveryCode });
            if (completed.StatusCode == HttpStatusCode.ServiceUnavailable && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(200); // the queued email is still being given up on
                continue;
            }

            Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
            Assert.True((await completed.Body()).TryGetProperty("accessToken", out _));
            break;
        }
    }

    public void Dispose()
    {
        _silentRelay.Dispose(); // first: the stuck email fails at once, so stopping is quick
        _client.Dispose();
        _factory.Dispose();
        _mailbox.Dispose();
    }

    private async Task<string> EnrolAsync(string accessToken)
    {
        using var enrol = await _client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp", accessToken,
            new { currentPassword = Api.StrongPassword });
        var secret = (await enrol.Body()).GetProperty("secret").GetString()!;
        using var confirm = await _client.Send(HttpMethod.Post, "/v1/users/me/mfa/totp/confirm", accessToken,
            new { code = Oathtool.Code(secret, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        return (await confirm.Body()).GetProperty("recoveryCodes")[0].GetString()!;
    }

    /// <summary>
    /// Password resets of the address until the outbox refuses one: one email is in the sender's hands, stuck on the
    /// silent relay, and one waits.
    /// </summary>
    private async Task FillOutboxAsync(string email)
    {
        for (var i = 0; i < 4; i++)
        {
            using var reset = await _client.PostJson("/v1/auth/password-reset", new { email });
            if (reset.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                return;
            }

            Assert.Equal(HttpStatusCode.Accepted, reset.StatusCode);
            await Task.Delay(200); // time for the sender to take the first one off the queue
        }

        throw new Xunit.Sdk.XunitException("the outbox never refused a message");
    }
}
