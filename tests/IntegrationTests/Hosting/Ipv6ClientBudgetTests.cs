using System.Net;
using System.Text.Json;
using Latch.IntegrationTests.Mail;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Hosting;

/// <summary>
/// The per-client limits as an IPv6 client meets them over a real socket: one network hands its holder 2^64 addresses,
/// so spreading requests over them must not buy a fresh bucket per request (mail bombing, password guessing).
/// </summary>
public sealed class Ipv6ClientBudgetTests : IDisposable
{
    private readonly MailHosts _hosts = new();

    public void Dispose() => _hosts.Dispose();

    private HttpClient Client(Dictionary<string, string?> extra) => _hosts.Client(extra);

    [Fact]
    public async Task The_addresses_of_one_IPv6_network_share_one_per_client_budget()
    {
        // Behind a proxy that reports each client's address: one /64 is what a single home line or server is given.
        var client = Client(new()
        {
            ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            ["RateLimiting:Auth:PerMinute"] = "3",
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/password-reset")
            {
                Content = Api.Json(JsonSerializer.Serialize(new { email = Api.NewEmail("v6-" + i) })),
            };
            request.Headers.Add("X-Forwarded-For", $"2001:db8:1:2::{i:x}");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));

        // Another network is another client.
        using var other = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/password-reset")
        {
            Content = Api.Json(JsonSerializer.Serialize(new { email = Api.NewEmail("v6-other") })),
        };
        other.Headers.Add("X-Forwarded-For", "2001:db8:1:3::1");
        using var answered = await client.SendAsync(other);
        Assert.Equal(HttpStatusCode.Accepted, answered.StatusCode);
    }
}
