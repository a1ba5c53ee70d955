using System.Net;
using Latch.Domain.Common;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// Password reset over a real socket, as a person meets it: ask, open the email in the mailbox folder, follow the link's
/// token, set a password; and each way it refuses (used, expired, void tokens; throttled addresses).
/// </summary>
public sealed class PasswordResetFlowTests : IDisposable
{
    private const string NewPassword = "a brand new passphrase for this account";
    private readonly Mailbox _mailbox = new();
    private readonly KestrelFactory _factory;
    private readonly HttpClient _client;

    public PasswordResetFlowTests()
    {
        _factory = new KestrelFactory(MailLinks.Settings(_mailbox));
        _client = _factory.Socket();
    }

    private async Task<string> RequestLinkAsync(HttpClient client, string email)
    {
        var before = (await _mailbox.ForAsync(email, 0)).Count;
        using var response = await client.PostJson("/v1/auth/password-reset", new { email });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mails = await _mailbox.ForAsync(email, before + 1);
        return MailLinks.Token(mails[^1]);
    }

    private Task<HttpResponseMessage> ConfirmAsync(string token, string password = NewPassword) =>
        _client.PostJson("/v1/auth/password-reset/confirm", new { token, newPassword = password });

    [Fact]
    public async Task A_reset_link_sets_the_password_and_ends_every_session()
    {
        var email = Api.NewEmail("reset");
        var tokens = await _client.Register(email);
        var token = await RequestLinkAsync(_client, email);

        using var confirmed = await ConfirmAsync(token);

        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        using var refreshed = await _client.Refresh(tokens.RefreshToken);
        await refreshed.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidRefreshToken);
        using var me = await _client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        await _client.Login(email, NewPassword);
        using var old = await _client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
        await old.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
    }

    [Fact]
    public async Task A_registered_and_an_unknown_address_get_the_same_answer_and_only_the_account_gets_mail()
    {
        var registered = Api.NewEmail("reset-known");
        await _client.Register(registered);
        var unknown = Api.NewEmail("reset-unknown");

        using var a = await _client.PostJson("/v1/auth/password-reset", new { email = registered });
        using var b = await _client.PostJson("/v1/auth/password-reset", new { email = unknown });

        Assert.Equal(HttpStatusCode.Accepted, a.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, b.StatusCode);
        Assert.Equal(await a.Content.ReadAsByteArrayAsync(), await b.Content.ReadAsByteArrayAsync());
        Assert.Equal(HeaderNames(a), HeaderNames(b));
        Assert.Single(await _mailbox.ForAsync(registered));
        await Task.Delay(500);
        Assert.Empty(await _mailbox.ForAsync(unknown, 0));
    }

    [Fact]
    public async Task A_used_token_is_refused_the_second_time()
    {
        var email = Api.NewEmail("reset-twice");
        await _client.Register(email);
        var token = await RequestLinkAsync(_client, email);

        using var first = await ConfirmAsync(token);
        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        using var second = await ConfirmAsync(token, "yet another passphrase for this account");
        await second.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEmailToken);
    }

    [Fact]
    public async Task Of_two_concurrent_confirms_of_one_token_exactly_one_sets_a_password()
    {
        var email = Api.NewEmail("reset-race");
        await _client.Register(email);
        var token = await RequestLinkAsync(_client, email);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ConfirmAsync(token)));

        Assert.Single(answers, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Equal(3, answers.Count(r => r.StatusCode == HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_token_is_void_once_the_password_was_changed_since()
    {
        var email = Api.NewEmail("reset-void");
        var tokens = await _client.Register(email);
        var token = await RequestLinkAsync(_client, email);
        using var changed = await _client.Send(HttpMethod.Post, "/v1/users/me/password", tokens.AccessToken,
            new { currentPassword = Api.StrongPassword, newPassword = NewPassword });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        using var confirmed = await ConfirmAsync(token, "yet another passphrase for this account");

        await confirmed.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEmailToken);
        await _client.Login(email, NewPassword);
    }

    [Fact]
    public async Task A_forged_or_malformed_token_and_a_weak_password_are_refused_clearly()
    {
        using var forged = await ConfirmAsync(new string('A', 43));
        await forged.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEmailToken);
        using var missing = await _client.PostJson("/v1/auth/password-reset/confirm", new { newPassword = NewPassword });
        await missing.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        using var badEmail = await _client.PostJson("/v1/auth/password-reset", new { email = "not an address" });
        await badEmail.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);

        var email = Api.NewEmail("reset-weak");
        await _client.Register(email);
        var token = await RequestLinkAsync(_client, email);
        using var weak = await ConfirmAsync(token, "short");
        await weak.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        using var strong = await ConfirmAsync(token);
        Assert.Equal(HttpStatusCode.NoContent, strong.StatusCode);
    }

    [Fact]
    public async Task An_address_is_throttled_after_a_few_emails_whether_or_not_it_has_an_account()
    {
        var registered = Api.NewEmail("reset-bomb");
        await _client.Register(registered);
        foreach (var email in new[] { registered, Api.NewEmail("reset-bomb-unknown") })
        {
            for (var i = 0; i < 3; i++)
            {
                using var accepted = await _client.PostJson("/v1/auth/password-reset", new { email });
                Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            }

            using var throttled = await _client.PostJson("/v1/auth/password-reset", new { email });
            await throttled.AssertProblem(HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
            Assert.NotNull(throttled.Headers.RetryAfter);
        }

        await Task.Delay(500);
        Assert.Equal(3, (await _mailbox.ForAsync(registered, 4)).Count);
    }

    private static List<string> HeaderNames(HttpResponseMessage response) =>
        [.. response.Headers.Concat(response.Content.Headers).Select(h => h.Key).Where(k => k != "Date").Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _mailbox.Dispose();
    }
}

/// <summary>Expiry needs the host's clock moved: a reset link stops working after 30 minutes.</summary>
public sealed class PasswordResetExpiryTests : IDisposable
{
    private readonly Mailbox _mailbox = new();
    private readonly ClockedFactory _factory;

    public PasswordResetExpiryTests() => _factory = new ClockedFactory(MailLinks.Settings(_mailbox));

    [Fact]
    public async Task A_reset_link_expires_after_thirty_minutes()
    {
        var client = _factory.CreateClient();
        var email = Api.NewEmail("reset-expiry");
        await client.Register(email);
        using var asked = await client.PostJson("/v1/auth/password-reset", new { email });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var token = MailLinks.Token(Assert.Single(await _mailbox.ForAsync(email)));

        _factory.Time.Advance(TimeSpan.FromMinutes(30));
        using var confirmed = await client.PostJson("/v1/auth/password-reset/confirm",
            new { token, newPassword = "a brand new passphrase for this account" });

        await confirmed.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEmailToken);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _mailbox.Dispose();
    }
}
