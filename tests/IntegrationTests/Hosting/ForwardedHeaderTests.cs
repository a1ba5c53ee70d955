using System.Net;
using System.Text.Json;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Hosting;

/// <summary>
/// <c>X-Forwarded-For</c> and <c>-Proto</c> as an attacker sends them straight to the Kestrel host over a real
/// socket, with the default settings (no proxy configured): neither is believed. With the peer configured as a
/// proxy, the same requests are believed — the control that shows each observation below can tell.
/// </summary>
public sealed class ForwardedHeaderTests
{
    [Fact]
    public async Task A_fresh_X_Forwarded_For_on_every_sign_in_does_not_escape_the_per_IP_auth_limit()
    {
        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>()); // RateLimiting:Auth:PerMinute = 20
        using var client = host.CreateClient();

        var statuses = new List<HttpStatusCode>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 40; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/login")
            {
                Content = Api.Json(JsonSerializer.Serialize(new { email = Api.NewEmail(), password = "not the password, attempt " + i })),
            };
            request.Headers.Add("X-Forwarded-For", $"198.51.{i / 250}.{i % 250 + 1}");
            using var response = await client.SendAsync(request);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await response.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
            }
        }

        // A bucket of 20 that refills one token every 3 s: as many more as were refilled while the 40 ran (each
        // sign-in hashes, so on a loaded machine that is more than a couple). Escaping the limit would be 40.
        var refilled = (int)(clock.Elapsed.TotalSeconds / 3) + 1;
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Unauthorized), 20, 20 + refilled);
        Assert.True(refilled < 20, $"the run took {clock.Elapsed.TotalSeconds:F0} s, too long to tell a limit from none");
        Assert.Equal(40, statuses.Count(s => s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Without_a_proxy_the_session_keeps_the_connections_address_and_a_forwarded_proto_is_not_believed()
    {
        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>());

        var (sessionIp, hsts) = await SignInThroughForgedHeadersAsync(host);

        Assert.Equal("127.0.0.1", sessionIp);
        Assert.False(hsts, "X-Forwarded-Proto: https made a plain-HTTP request count as HTTPS");
    }

    [Fact]
    public async Task A_configured_proxy_is_believed()
    {
        await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>
        {
            ["ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
        });

        var (sessionIp, hsts) = await SignInThroughForgedHeadersAsync(host);

        Assert.Equal("203.0.113.66", sessionIp);
        Assert.True(hsts);
    }

    /// <summary>Registers with forged forwarding headers; the IP the session recorded, and whether HSTS was sent.</summary>
    private static async Task<(string? SessionIp, bool Hsts)> SignInThroughForgedHeadersAsync(KestrelProcess host)
    {
        using var client = host.CreateClient();
        using var register = new HttpRequestMessage(HttpMethod.Post, "/v1/auth/register")
        {
            Content = Api.Json(JsonSerializer.Serialize(new { email = Api.NewEmail(), password = Api.StrongPassword, displayName = "Mallory" })),
        };
        register.Headers.Host = TestCertificate.HostName; // HSTS is never sent for localhost
        register.Headers.Add("X-Forwarded-For", "203.0.113.66");
        register.Headers.Add("X-Forwarded-Proto", "https");
        using var registered = await client.SendAsync(register);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var hsts = registered.Headers.Contains("Strict-Transport-Security");
        var tokens = Tokens.From(await registered.Body());

        using var sessions = await client.Send(HttpMethod.Get, "/v1/users/me/sessions", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
        var session = Assert.Single((await sessions.Body()).EnumerateArray());
        return (session.GetProperty("ipAddress").GetString(), hsts);
    }
}
