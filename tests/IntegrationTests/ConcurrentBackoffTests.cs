using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>
/// The failed-login back-off under a concurrent burst, over a real socket: each attempt reserves its check in the
/// store before any hashing, so however many arrive at once, at most <c>Lockout:FreeFailures</c> (5) passwords are
/// checked per email before the back-off answers — for sign-in, password change and account deletion, and for
/// emails with no account alike.
/// </summary>
public sealed class ConcurrentBackoffTests
{
    private const int Burst = 50;
    private const int FreeFailures = 5;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Fifty_concurrent_wrong_passwords_check_at_most_five_and_the_right_one_then_waits(bool accountExists)
    {
        using var factory = new ObservedKestrelFactory();
        using var client = factory.SocketClient();
        var email = Api.NewEmail("burst");
        if (accountExists)
        {
            await client.Register(email);
        }

        factory.Hasher.ResetCount();
        var answers = await Together(Burst, i => client.PostJson("/v1/auth/login", new { email, password = $"wrong guess number {i:D3}" }));

        Assert.True(factory.Hasher.Checked <= FreeFailures, $"{factory.Hasher.Checked} passwords were checked in a burst of {Burst}");
        Assert.Equal(FreeFailures, answers.Count(a => a == HttpStatusCode.Unauthorized));
        Assert.Equal(Burst - FreeFailures, answers.Count(a => a == HttpStatusCode.TooManyRequests));

        // The right password, at once: inside the back-off after the fifth failure, refused unchecked.
        using (var right = await client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword }))
        {
            await right.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
            Assert.Equal("1", Assert.Single(right.Headers.GetValues("Retry-After")));
        }

        Assert.True(factory.Hasher.Checked <= FreeFailures);

        // Once the window has passed, it is checked like any other attempt.
        factory.Time.Advance(TimeSpan.FromSeconds(1));
        using var later = await client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
        Assert.Equal(accountExists ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, later.StatusCode);
        Assert.Equal(FreeFailures + 1, factory.Hasher.Checked);
    }

    [Fact]
    public async Task With_the_default_per_address_auth_limit_a_burst_still_checks_at_most_five()
    {
        using var factory = new ObservedKestrelFactory(new Dictionary<string, string?>
        {
            ["RateLimiting:PerIp:BurstLimit"] = "2000",
            ["RateLimiting:PerIp:PerMinute"] = "1000",
            ["RateLimiting:Auth:PerMinute"] = "20",
        });
        using var client = factory.SocketClient();
        var email = Api.NewEmail("burst");

        factory.Hasher.ResetCount();
        var answers = await Together(Burst, i => client.PostJson("/v1/auth/login", new { email, password = $"wrong guess number {i:D3}" }));

        Assert.True(factory.Hasher.Checked <= FreeFailures, $"{factory.Hasher.Checked} passwords were checked in a burst of {Burst}");
        Assert.True(answers.Count(a => a == HttpStatusCode.Unauthorized) <= FreeFailures);
        Assert.Equal(Burst, answers.Count(a => a is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("delete")]
    public async Task Fifty_concurrent_wrong_re_authentications_check_at_most_five(string action)
    {
        using var factory = new ObservedKestrelFactory();
        using var client = factory.SocketClient();
        var tokens = await client.Register();

        factory.Hasher.ResetCount();
        var answers = await Together(Burst, i => action == "password"
            ? client.Send(HttpMethod.Post, "/v1/users/me/password", tokens.AccessToken,
                new { currentPassword = $"wrong guess number {i:D3}", newPassword = "a completely different passphrase 7" })
            : client.Send(HttpMethod.Delete, "/v1/users/me", tokens.AccessToken, new { password = $"wrong guess number {i:D3}" }));

        Assert.True(factory.Hasher.Checked <= FreeFailures, $"{factory.Hasher.Checked} passwords were checked in a burst of {Burst}");
        Assert.Equal(FreeFailures, answers.Count(a => a == HttpStatusCode.Forbidden));
        Assert.Equal(Burst - FreeFailures, answers.Count(a => a == HttpStatusCode.TooManyRequests));
    }

    /// <summary>Sends every request at once, each on its own task, and returns the statuses.</summary>
    private static async Task<HttpStatusCode[]> Together(int count, Func<int, Task<HttpResponseMessage>> send)
    {
        using var start = new ManualResetEventSlim();
        var requests = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            start.Wait();
            using var response = await send(i);
            return response.StatusCode;
        })).ToArray();
        start.Set();
        return await Task.WhenAll(requests);
    }
}
