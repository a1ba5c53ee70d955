using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

public sealed class BackoffTests : IDisposable
{
    private readonly ClockedFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Five_failures_start_a_growing_backoff_that_works_the_same_with_or_without_an_account(bool accountExists)
    {
        var client = _factory.CreateClient();
        var email = Api.NewEmail();
        if (accountExists)
        {
            await client.Register(email);
        }

        for (var i = 0; i < 5; i++)
        {
            using var failure = await Login(client, email, "wrong password number " + i);
            await failure.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        // Inside the 1 s window after the 5th failure: refused unchecked, even with the right password.
        using (var blocked = await Login(client, email, Api.StrongPassword))
        {
            await blocked.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
            Assert.Equal("1", Assert.Single(blocked.Headers.GetValues("Retry-After")));
        }

        _factory.Time.Advance(TimeSpan.FromSeconds(1.1));
        using (var sixth = await Login(client, email, "wrong password number 6"))
        {
            await sixth.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using (var blocked = await Login(client, email, Api.StrongPassword))
        {
            await blocked.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
            Assert.Equal("2", Assert.Single(blocked.Headers.GetValues("Retry-After")));
        }

        _factory.Time.Advance(TimeSpan.FromSeconds(2.1));
        using var after = await Login(client, email, Api.StrongPassword);
        if (accountExists)
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }
        else
        {
            await after.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }
    }

    [Fact]
    public async Task The_backoff_is_capped_and_forgotten_after_a_quiet_period()
    {
        var client = _factory.CreateClient();
        var email = Api.NewEmail();
        await client.Register(email);
        for (var n = 1; n <= 15; n++)
        {
            using var failure = await Login(client, email, "wrong");
            await failure.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
            if (n < 15)
            {
                // Wait out each window exactly: 1, 2, 4 … seconds, never more than 15 minutes.
                var window = n < 5 ? 0 : Math.Min(Math.Pow(2, n - 5), 900);
                _factory.Time.Advance(TimeSpan.FromSeconds(window + 0.1));
            }
        }

        using (var blocked = await Login(client, email, Api.StrongPassword))
        {
            await blocked.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
            Assert.Equal("900", Assert.Single(blocked.Headers.GetValues("Retry-After")));
        }

        _factory.Time.Advance(TimeSpan.FromMinutes(15));
        using var after = await Login(client, email, Api.StrongPassword);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_success_resets_the_count()
    {
        var client = _factory.CreateClient();
        var email = Api.NewEmail();
        await client.Register(email);
        for (var i = 0; i < 4; i++)
        {
            (await Login(client, email, "wrong")).Dispose();
        }

        await client.Login(email);
        for (var i = 0; i < 4; i++)
        {
            (await Login(client, email, "wrong")).Dispose();
        }

        await client.Login(email);
    }

    private static Task<HttpResponseMessage> Login(HttpClient client, string email, string password) =>
        client.PostJson("/v1/auth/login", new { email, password });
}
