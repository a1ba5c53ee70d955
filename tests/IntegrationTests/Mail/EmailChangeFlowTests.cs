using System.Net;
using Latch.Domain.Common;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// Email change over a real socket: ask with the current password, follow the link the new address got, and the account
/// moves; and each refusal (wrong password, used, void and taken-by-then cases).
/// </summary>
public sealed class EmailChangeFlowTests : IDisposable
{
    private readonly Mailbox _mailbox = new();
    private readonly KestrelFactory _factory;
    private readonly HttpClient _client;

    public EmailChangeFlowTests()
    {
        _factory = new KestrelFactory(MailLinks.Settings(_mailbox));
        _client = _factory.Socket();
    }

    private Task<HttpResponseMessage> RequestAsync(Tokens tokens, string newEmail, string password = Api.StrongPassword) =>
        _client.Send(HttpMethod.Post, "/v1/users/me/email", tokens.AccessToken, new { newEmail, currentPassword = password });

    private Task<HttpResponseMessage> ConfirmAsync(Tokens tokens, string token) =>
        _client.Send(HttpMethod.Post, "/v1/users/me/email/confirm", tokens.AccessToken, new { token });

    private async Task<string> LinkAsync(Tokens tokens, string newEmail)
    {
        using var asked = await RequestAsync(tokens, newEmail);
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        return MailLinks.Token(Assert.Single(await _mailbox.ForAsync(newEmail)));
    }

    [Fact]
    public async Task The_link_sent_to_the_new_address_moves_the_account_and_the_old_address_is_told()
    {
        var old = Api.NewEmail("change-old");
        var tokens = await _client.Register(old);
        var moved = Api.NewEmail("change-new");
        var token = await LinkAsync(tokens, moved);

        using var confirmed = await ConfirmAsync(tokens, token);

        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        using var me = await _client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);
        Assert.Equal(moved, (await me.Body()).GetProperty("email").GetString());
        await _client.Login(moved);
        using var byOld = await _client.PostJson("/v1/auth/login", new { email = old, password = Api.StrongPassword });
        await byOld.AssertProblem(HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        Assert.Single(await _mailbox.ForAsync(old));

        using var again = await ConfirmAsync(tokens, token);
        await again.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEmailToken);
    }

    [Fact]
    public async Task A_taken_address_gets_the_same_202_and_a_notice_never_a_change()
    {
        var taken = Api.NewEmail("change-taken");
        await _client.Register(taken);
        var tokens = await _client.Register(Api.NewEmail("change-asker"));
        var free = Api.NewEmail("change-free");

        using var a = await RequestAsync(tokens, taken);
        using var b = await RequestAsync(tokens, free);

        Assert.Equal(HttpStatusCode.Accepted, a.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, b.StatusCode);
        Assert.Equal(await a.Content.ReadAsByteArrayAsync(), await b.Content.ReadAsByteArrayAsync());
        var notice = Assert.Single(await _mailbox.ForAsync(taken));
        Assert.DoesNotContain("#token=", notice.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_taken_between_the_request_and_the_confirm_is_email_taken_and_nothing_changes()
    {
        var original = Api.NewEmail("change-race");
        var tokens = await _client.Register(original);
        var target = Api.NewEmail("change-target");
        var token = await LinkAsync(tokens, target);
        await _client.Register(target);

        using var confirmed = await ConfirmAsync(tokens, token);

        await confirmed.AssertProblem(HttpStatusCode.Conflict, ErrorCodes.EmailTaken);
        using var me = await _client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);
        Assert.Equal(original, (await me.Body()).GetProperty("email").GetString());
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_sends_nothing()
    {
        var tokens = await _client.Register(Api.NewEmail("change-wrong"));
        var target = Api.NewEmail("change-wrong-target");

        using var refused = await RequestAsync(tokens, target, "not my passphrase at all");

        await refused.AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.WrongPassword);
        await Task.Delay(300);
        Assert.Empty(await _mailbox.ForAsync(target, 0));
    }

    [Fact]
    public async Task A_token_is_void_once_the_password_changed_and_belongs_to_its_account_only()
    {
        var tokens = await _client.Register(Api.NewEmail("change-void"));
        var token = await LinkAsync(tokens, Api.NewEmail("change-void-target"));
        var stranger = await _client.Register(Api.NewEmail("change-stranger"));
        using var foreign = await ConfirmAsync(stranger, token);
        await foreign.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEmailToken);

        var second = await LinkAsync(tokens, Api.NewEmail("change-void-second"));
        using var changed = await _client.Send(HttpMethod.Post, "/v1/users/me/password", tokens.AccessToken,
            new { currentPassword = Api.StrongPassword, newPassword = "a brand new passphrase for this account" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        using var confirmed = await ConfirmAsync(tokens, second);
        await confirmed.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidEmailToken);
    }

    [Fact]
    public async Task Unauthenticated_and_malformed_requests_are_refused()
    {
        using var anonymous = await _client.PostJson("/v1/users/me/email", new { newEmail = Api.NewEmail(), currentPassword = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var tokens = await _client.Register(Api.NewEmail("change-bad"));
        using var bad = await RequestAsync(tokens, "not an address");
        var problem = await bad.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.ValidationFailed);
        Assert.True(problem.GetProperty("errors").TryGetProperty("newEmail", out _));
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _mailbox.Dispose();
    }
}
