using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

public sealed class LogoutTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    [Theory]
    [InlineData(null, new[] { false, true, true })]
    [InlineData("local", new[] { false, true, true })]
    [InlineData("others", new[] { true, false, false })]
    [InlineData("global", new[] { false, false, false })]
    public async Task Each_scope_ends_exactly_the_sessions_it_names(string? scope, bool[] stillActive)
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail();
        var sessions = new[] { await client.Register(email), await client.Login(email), await client.Login(email) };
        var bystander = await client.Register();

        using var logout = await client.Send(HttpMethod.Post, "/v1/auth/logout" + (scope is null ? "" : "?scope=" + scope), sessions[0].AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        for (var i = 0; i < sessions.Length; i++)
        {
            using var refresh = await client.Refresh(sessions[i].RefreshToken);
            Assert.Equal(stillActive[i] ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, refresh.StatusCode);
            using var me = await client.Send(HttpMethod.Get, "/v1/users/me", sessions[i].AccessToken);
            Assert.Equal(stillActive[i] ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, me.StatusCode);
        }

        using var other = await client.Refresh(bystander.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Logout_is_idempotent_for_other_scopes()
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.Send(HttpMethod.Post, "/v1/auth/logout?scope=others", tokens.AccessToken);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
    }

    [Fact]
    public async Task An_unknown_scope_is_validation_failed()
    {
        var tokens = await factory.CreateClient().Register();
        using var response = await factory.CreateClient().Send(HttpMethod.Post, "/v1/auth/logout?scope=everything", tokens.AccessToken);
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("scope", out _));
    }

    [Fact]
    public async Task Logout_needs_a_token()
    {
        using var response = await factory.CreateClient().PostAsync("/v1/auth/logout", null);
        await response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Logout_is_never_a_GET()
    {
        var tokens = await factory.CreateClient().Register();
        using var response = await factory.CreateClient().Send(HttpMethod.Get, "/v1/auth/logout", tokens.AccessToken);
        await response.AssertProblem(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }
}
