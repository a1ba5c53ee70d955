using System.Net;
using System.Net.Sockets;
using Latch.Domain.Common;
using Latch.IntegrationTests.Support;
using Microsoft.Data.Sqlite;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// Kestrel's in-process outbox full (the mail relay accepts connections and never answers, so the sender is stuck on
/// the first email and the backlog reaches Mail:Retry:Capacity): a request that sends mail answers 503 at once, and the
/// emailed token it had stored is gone again — no link exists that no email carries.
/// </summary>
public sealed class OutboxFullTests : IDisposable
{
    private readonly Mailbox _mailbox = new();
    private readonly TcpListener _silentRelay = new(IPAddress.Loopback, 0);
    private KestrelFactory? _factory;

    public OutboxFullTests() => _silentRelay.Start(); // connections wait in the backlog; no greeting is ever sent

    private enum Purpose
    {
        Verification = 1,
        PasswordReset = 2,
        EmailChange = 3,
    }

    public void Dispose()
    {
        _silentRelay.Dispose(); // first: the stuck email fails at once and, tried only once, is dropped, so stopping is quick
        _factory?.Dispose();
        _mailbox.Dispose();
    }

    [Fact]
    public async Task A_refused_reset_or_email_change_leaves_no_token_behind()
    {
        using var client = Start(verification: false);
        var account = await client.Register(Api.NewEmail("outbox-full-account"));

        // Resets of the account's address: each becomes an email to it (within the address's 3 at once).
        var (accepted, _) = await FillAsync(async _ =>
            (await client.PostJson("/v1/auth/password-reset", new { email = account.Email }), account.Email));
        Assert.Equal(accepted.Count, TokensFor(account.Email, Purpose.PasswordReset));

        using (var change = await client.Send(HttpMethod.Post, "/v1/users/me/email", account.AccessToken,
                   new { newEmail = Api.NewEmail("outbox-full-new"), currentPassword = Api.StrongPassword }))
        {
            await change.AssertProblem(HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable);
        }

        Assert.Equal(0, TokensFor(account.Email, Purpose.EmailChange));
        Assert.Equal(accepted.Count, TokensFor(account.Email, Purpose.PasswordReset));
    }

    [Fact]
    public async Task A_refused_registration_leaves_no_pending_registration_behind()
    {
        using var client = Start(verification: true);

        var (accepted, refused) = await FillAsync(async i =>
        {
            var email = Api.NewEmail($"outbox-full-register-{i}");
            return (await client.PostJson("/v1/auth/register", new { email, password = Api.StrongPassword }), email);
        });

        Assert.All(accepted, email => Assert.Equal(1, TokensFor(email, Purpose.Verification)));
        Assert.Equal(0, TokensFor(refused, Purpose.Verification));
    }

    private HttpClient Start(bool verification)
    {
        var settings = MailLinks.StuckOutboxSettings(_mailbox, _silentRelay);
        if (verification)
        {
            settings[LatchFactory.RequireEmailVerification] = null; // the shipped default: on
        }

        _factory = new KestrelFactory(settings);
        return _factory.Socket();
    }

    /// <summary>
    /// Sends requests that each make an email (<paramref name="send"/>, given a number) until the outbox refuses one: one
    /// email is in the sender's hands, stuck on the silent relay, and one waits, so the second or the third is refused.
    /// </summary>
    private static async Task<(List<string> Accepted, string Refused)> FillAsync(Func<int, Task<(HttpResponseMessage, string)>> send)
    {
        var accepted = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (answer, email) = await send(i);
            using (answer)
            {
                if (answer.StatusCode != HttpStatusCode.Accepted)
                {
                    await answer.AssertProblem(HttpStatusCode.ServiceUnavailable, ErrorCodes.Unavailable);
                    Assert.InRange(accepted.Count, 1, 2);
                    return (accepted, email);
                }
            }

            accepted.Add(email);
            await Task.Delay(200); // time for the sender to take the first one off the queue
        }

        throw new Xunit.Sdk.XunitException("the outbox never refused a message");
    }

    /// <summary>The emailed tokens of a purpose stored for an address (for an email change: the account's current one).</summary>
    private long TokensFor(string email, Purpose purpose)
    {
        using var connection = new SqliteConnection($"Data Source={_factory!.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM email_tokens WHERE email = $email AND purpose = $purpose";
        command.Parameters.AddWithValue("$email", email);
        command.Parameters.AddWithValue("$purpose", (long)purpose);
        return (long)command.ExecuteScalar()!;
    }
}
