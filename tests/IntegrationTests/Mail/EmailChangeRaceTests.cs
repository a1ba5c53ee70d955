using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// An email-change confirm that meets another write to the account (a display-name change sent at the same moment)
/// between reading the account and writing it, over a real socket. A change that leaves the token binding must not
/// spend the link for nothing: the confirm writes again on top of it, and if the account keeps moving under it, the
/// 409 it answers leaves the link usable, as "send it again" promises.
/// </summary>
public sealed class EmailChangeRaceTests : IDisposable
{
    private readonly Mailbox _mailbox = new();
    private readonly InterleavingKestrelFactory _factory;
    private readonly HttpClient _client;

    public EmailChangeRaceTests()
    {
        _factory = new InterleavingKestrelFactory(MailLinks.Settings(_mailbox));
        _client = _factory.Socket();
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        _mailbox.Dispose();
    }

    [Fact]
    public async Task A_display_name_change_landing_first_does_not_cost_the_confirm()
    {
        var (tokens, moved, token) = await AskAsync("race-once");
        var renames = 0;
        _factory.BeforeUpdate = async user =>
        {
            if (user.Email.Value == moved && Interlocked.Increment(ref renames) == 1)
            {
                await RenameAsync(tokens, "Renamed meanwhile");
            }
        };

        using var confirmed = await ConfirmAsync(tokens, token);

        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        using var me = await _client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);
        var body = await me.Body();
        Assert.Equal(moved, body.GetProperty("email").GetString());
        Assert.Equal("Renamed meanwhile", body.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task A_confirm_that_keeps_losing_answers_conflict_and_the_same_link_works_when_sent_again()
    {
        var (tokens, moved, token) = await AskAsync("race-always");
        var renames = 0;
        _factory.BeforeUpdate = async user =>
        {
            if (user.Email.Value == moved)
            {
                await RenameAsync(tokens, $"Rename {Interlocked.Increment(ref renames)}");
            }
        };

        using (var lost = await ConfirmAsync(tokens, token))
        {
            await lost.AssertProblem(HttpStatusCode.Conflict, Latch.Domain.Common.ErrorCodes.Conflict);
        }

        using (var unchanged = await _client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken))
        {
            Assert.NotEqual(moved, (await unchanged.Body()).GetProperty("email").GetString());
        }

        _factory.BeforeUpdate = null;
        using var again = await ConfirmAsync(tokens, token);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using var me = await _client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);
        Assert.Equal(moved, (await me.Body()).GetProperty("email").GetString());
    }

    private async Task<(Tokens Tokens, string Moved, string Token)> AskAsync(string prefix)
    {
        var tokens = await _client.Register(Api.NewEmail(prefix));
        var moved = Api.NewEmail(prefix + "-new");
        using var asked = await _client.Send(HttpMethod.Post, "/v1/users/me/email", tokens.AccessToken,
            new { newEmail = moved, currentPassword = Api.StrongPassword });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        return (tokens, moved, MailLinks.Token(Assert.Single(await _mailbox.ForAsync(moved))));
    }

    private Task<HttpResponseMessage> ConfirmAsync(Tokens tokens, string token) =>
        _client.Send(HttpMethod.Post, "/v1/users/me/email/confirm", tokens.AccessToken, new { token });

    /// <summary>Another request, over its own connection, that writes the same account while the confirm waits.</summary>
    private async Task RenameAsync(Tokens tokens, string displayName)
    {
        using var other = _factory.Socket();
        using var renamed = await other.Send(HttpMethod.Patch, "/v1/users/me", tokens.AccessToken, new { displayName });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
    }
}
