using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

public sealed class SessionTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    [Fact]
    public async Task Sessions_are_listed_newest_first_with_the_current_one_marked()
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail();
        await client.Register(email);
        await Task.Delay(5);
        var newest = await client.Login(email);

        using var response = await client.Send(HttpMethod.Get, "/v1/users/me/sessions", newest.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var sessions = (await response.Body()).EnumerateArray().ToArray();
        Assert.Equal(2, sessions.Length);
        Assert.True(sessions[0].GetProperty("current").GetBoolean());
        Assert.False(sessions[1].GetProperty("current").GetBoolean());
        Assert.Equal(["createdAt", "current", "expiresAt", "id", "ipAddress", "lastUsedAt", "userAgent"],
            sessions[0].EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task A_user_can_end_one_of_their_sessions()
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail();
        var other = await client.Register(email);
        var current = await client.Login(email);
        var otherId = await SessionId(client, current.AccessToken, current: false);

        using var revoke = await client.Send(HttpMethod.Delete, $"/v1/users/me/sessions/{otherId}", current.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        using var refresh = await client.Refresh(other.RefreshToken);
        await refresh.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        using var me = await client.Send(HttpMethod.Get, "/v1/users/me", other.AccessToken);
        await me.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
        using var again = await client.Send(HttpMethod.Delete, $"/v1/users/me/sessions/{otherId}", current.AccessToken);
        await again.AssertProblem(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("someone else's")]
    [InlineData("no such")]
    [InlineData("not a guid")]
    public async Task Ending_a_session_that_is_not_yours_is_404(string which)
    {
        var client = factory.CreateClient();
        var mine = await client.Register();
        var theirs = await client.Register();
        var id = which switch
        {
            "someone else's" => await SessionId(client, theirs.AccessToken, current: true),
            "no such" => Guid.NewGuid().ToString(),
            _ => "not-a-guid",
        };

        using var response = await client.Send(HttpMethod.Delete, $"/v1/users/me/sessions/{id}", mine.AccessToken);
        await response.AssertProblem(HttpStatusCode.NotFound, "not_found");
        using var stillThere = await client.Send(HttpMethod.Get, "/v1/users/me", theirs.AccessToken);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    internal static async Task<string> SessionId(HttpClient client, string accessToken, bool current)
    {
        using var response = await client.Send(HttpMethod.Get, "/v1/users/me/sessions", accessToken);
        return (await response.Body()).EnumerateArray().First(s => s.GetProperty("current").GetBoolean() == current)
            .GetProperty("id").GetString()!;
    }
}
