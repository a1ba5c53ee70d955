using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

public sealed class RefreshTests : IDisposable
{
    private readonly ClockedFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Refresh_rotates_the_token_and_issues_a_new_access_token()
    {
        var client = _factory.CreateClient();
        var first = await client.Register();

        using var response = await client.Refresh(first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var second = Tokens.From(await response.Body());
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(first.AccessToken, second.AccessToken);
        Assert.Equal(first.UserId, second.UserId);

        using var me = await client.Send(HttpMethod.Get, "/v1/users/me", second.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        using var next = await client.Refresh(second.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task A_retry_within_the_grace_period_returns_the_same_new_refresh_token()
    {
        var client = _factory.CreateClient();
        var first = await client.Register();
        var rotated = Tokens.From(await (await client.Refresh(first.RefreshToken)).Body());

        _factory.Time.Advance(TimeSpan.FromSeconds(9));
        using var retry = await client.Refresh(first.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(rotated.RefreshToken, Tokens.From(await retry.Body()).RefreshToken);

        // The session is intact: the new token still rotates.
        using var next = await client.Refresh(rotated.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task Reuse_after_the_grace_period_ends_the_session_and_its_current_token_too()
    {
        var client = _factory.CreateClient();
        var first = await client.Register();
        var rotated = Tokens.From(await (await client.Refresh(first.RefreshToken)).Body());

        _factory.Time.Advance(TimeSpan.FromSeconds(11));
        using var reuse = await client.Refresh(first.RefreshToken);
        await reuse.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");

        using var current = await client.Refresh(rotated.RefreshToken);
        await current.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        using var me = await client.Send(HttpMethod.Get, "/v1/users/me", rotated.AccessToken);
        await me.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task An_older_generation_is_reuse_even_inside_the_grace_period()
    {
        var client = _factory.CreateClient();
        var t0 = await client.Register();
        var t1 = Tokens.From(await (await client.Refresh(t0.RefreshToken)).Body());
        var t2 = Tokens.From(await (await client.Refresh(t1.RefreshToken)).Body());

        using var reuse = await client.Refresh(t0.RefreshToken);
        await reuse.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        using var current = await client.Refresh(t2.RefreshToken);
        await current.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task Twenty_concurrent_refreshes_with_one_token_rotate_it_once()
    {
        var client = _factory.CreateClient();
        var first = await client.Register();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.Refresh(first.RefreshToken)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized, r.StatusCode.ToString()));
        var issued = new HashSet<string>();
        foreach (var response in responses.Where(r => r.StatusCode == HttpStatusCode.OK))
        {
            issued.Add(Tokens.From(await response.Body()).RefreshToken);
        }

        var successor = Assert.Single(issued);
        using var next = await client.Refresh(successor);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("AQGiIdIDrnjOrfIrXfGb9r0AAAAAAAAAABnt4nGZ6YuZRCXgBm_YYAO93rG0REJ-Ko2RJdt7rG9q7N4qcMmrUP_zPzY7pb1G1w")]
    public async Task Unknown_or_forged_refresh_tokens_are_refused(string token)
    {
        using var response = await _factory.CreateClient().Refresh(token);
        await response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task A_tampered_refresh_token_is_refused_and_does_not_end_the_session()
    {
        var client = _factory.CreateClient();
        var tokens = await client.Register();
        var chars = tokens.RefreshToken.ToCharArray();
        chars[40] = chars[40] == 'A' ? 'B' : 'A';

        using var tampered = await client.Refresh(new string(chars));
        await tampered.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        using var real = await client.Refresh(tokens.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, real.StatusCode);
    }

    [Fact]
    public async Task A_session_ends_after_its_idle_timeout_without_refresh()
    {
        var client = _factory.CreateClient();
        var tokens = await client.Register();
        _factory.Time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1));
        using var response = await client.Refresh(tokens.RefreshToken);
        await response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task Refreshing_keeps_a_session_alive_only_until_its_absolute_lifetime()
    {
        var client = _factory.CreateClient();
        var token = (await client.Register()).RefreshToken;
        foreach (var days in new[] { 10, 10, 9 })
        {
            _factory.Time.Advance(TimeSpan.FromDays(days));
            using var response = await client.Refresh(token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Body();
            token = Tokens.From(body).RefreshToken;
            Assert.True(body.GetProperty("refreshTokenExpiresIn").GetInt64() <= TimeSpan.FromDays(14).TotalSeconds);
        }

        _factory.Time.Advance(TimeSpan.FromDays(1));
        using var expired = await client.Refresh(token);
        await expired.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task A_missing_refresh_token_is_validation_failed()
    {
        using var response = await _factory.CreateClient().PostAsync("/v1/auth/refresh", Api.Json("{}"));
        await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
    }
}
