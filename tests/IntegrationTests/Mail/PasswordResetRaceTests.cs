using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// A password reset that meets another change to the account while its new password is being hashed, over a real
/// socket. A change that leaves the token binding (a new display name, a sign-in's second factor step) must not spend
/// the link for nothing.
/// </summary>
public sealed class PasswordResetRaceTests : IDisposable
{
    private const string NewPassword = "a brand new passphrase for this account";
    private readonly Mailbox _mailbox = new();
    private readonly ObservedKestrelFactory _factory;
    private readonly HttpClient _client;

    public PasswordResetRaceTests()
    {
        _factory = new ObservedKestrelFactory(MailLinks.Settings(_mailbox));
        _client = _factory.SocketClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _mailbox.Dispose();
    }

    [Fact]
    public async Task A_display_name_change_during_the_reset_does_not_spend_the_link_for_nothing()
    {
        var email = Api.NewEmail("reset-race");
        var tokens = await _client.Register(email);
        using (var asked = await _client.PostJson("/v1/auth/password-reset", new { email }))
        {
            Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        }

        var token = MailLinks.Token(Assert.Single(await _mailbox.ForAsync(email)));
        var hold = _factory.Hasher.HoldHashes(1);

        var confirm = _client.PostJson("/v1/auth/password-reset/confirm", new { token, newPassword = NewPassword });
        await hold.Full.WaitAsync(TimeSpan.FromSeconds(30));
        using (var renamed = await _client.Send(HttpMethod.Patch, "/v1/users/me", tokens.AccessToken, new { displayName = "Renamed meanwhile" }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        hold.Release();
        using var confirmed = await confirm;

        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        var signedIn = await _client.Login(email, NewPassword);
        using var me = await _client.Send(HttpMethod.Get, "/v1/users/me", signedIn.AccessToken);
        Assert.Equal("Renamed meanwhile", (await me.Body()).GetProperty("displayName").GetString());
    }
}
