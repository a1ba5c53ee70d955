using System.Net;
using Latch.Domain.Common;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// Mail bombing as an attacker tries it over a real socket: spelling one mailbox many ways must not buy it a fresh
/// per-address budget each time.
/// </summary>
public sealed class MailBombingTests : IDisposable
{
    private readonly MailHosts _hosts = new();

    public void Dispose() => _hosts.Dispose();

    private HttpClient Client(Dictionary<string, string?> extra) => _hosts.Client(extra);

    [Fact]
    public async Task Subaddress_tags_do_not_give_one_mailbox_a_fresh_mail_budget_each()
    {
        var client = Client([]);
        var mailbox = Api.NewEmail("bomb");
        var at = mailbox.IndexOf('@', StringComparison.Ordinal);

        // Every provider that supports subaddressing (RFC 5233) delivers these to the same inbox.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.PostJson("/v1/auth/password-reset", new { email = $"{mailbox[..at]}+{i}{mailbox[at..]}" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await response.AssertProblem(HttpStatusCode.TooManyRequests, ErrorCodes.RateLimited);
            }
        }

        // Three free, then a wait of at least a second between emails: the six ran in well under that.
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], statuses.Take(3));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses.Skip(3));
    }
}
