using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

public sealed class AccountTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    [Fact]
    public async Task Me_returns_the_user_and_nothing_internal()
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();
        using var response = await client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var body = await response.Body();
        Assert.Equal(tokens.UserId, body.GetProperty("id").GetString());
        Assert.Equal(["createdAt", "displayName", "email", "id", "mfa"], body.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Patch_me_changes_the_display_name()
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();
        using var patch = await client.Send(HttpMethod.Patch, "/v1/users/me", tokens.AccessToken, new { displayName = "  Grace Hopper " });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        Assert.Equal("Grace Hopper", (await patch.Body()).GetProperty("displayName").GetString());
        using var me = await client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);
        Assert.Equal("Grace Hopper", (await me.Body()).GetProperty("displayName").GetString());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"displayName":""}""")]
    [InlineData("""{"displayName":"bell\u0007"}""")]
    public async Task Patch_me_with_a_bad_display_name_is_validation_failed(string json)
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/v1/users/me") { Content = Api.Json(json) }.WithBearer(tokens.AccessToken);
        using var response = await client.SendAsync(request);
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("displayName", out _));
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_this_one()
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail();
        var other = await client.Register(email);
        var current = await client.Login(email);

        using var change = await client.Send(HttpMethod.Post, "/v1/users/me/password", current.AccessToken,
            new { currentPassword = Api.StrongPassword, newPassword = "a brand new passphrase here" });
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);

        using (var otherRefresh = await client.Refresh(other.RefreshToken))
        {
            await otherRefresh.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        }

        using (var currentRefresh = await client.Refresh(current.RefreshToken))
        {
            Assert.Equal(HttpStatusCode.OK, currentRefresh.StatusCode);
        }

        using var oldPassword = await client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
        await oldPassword.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        await client.Login(email, "a brand new passphrase here");
    }

    [Fact]
    public async Task Changing_the_password_with_a_wrong_current_password_is_403_and_changes_nothing()
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail();
        var tokens = await client.Register(email);
        using var change = await client.Send(HttpMethod.Post, "/v1/users/me/password", tokens.AccessToken,
            new { currentPassword = "this is not my password", newPassword = "a brand new passphrase here" });
        await change.AssertProblem(HttpStatusCode.Forbidden, "wrong_password");
        await client.Login(email);
    }

    [Fact]
    public async Task A_new_password_that_breaks_the_policy_is_validation_failed()
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();
        using var change = await client.Send(HttpMethod.Post, "/v1/users/me/password", tokens.AccessToken,
            new { currentPassword = Api.StrongPassword, newPassword = "too short" });
        var problem = await change.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("newPassword", out _));
    }

    [Fact]
    public async Task Deleting_the_account_ends_every_session_and_frees_the_email()
    {
        var client = factory.CreateClient();
        var email = Api.NewEmail();
        var first = await client.Register(email);
        var second = await client.Login(email);

        using var delete = await client.Send(HttpMethod.Delete, "/v1/users/me", second.AccessToken, new { password = Api.StrongPassword });
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        foreach (var tokens in new[] { first, second })
        {
            using var refresh = await client.Refresh(tokens.RefreshToken);
            await refresh.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
            using var me = await client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);
            await me.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
        }

        using var login = await client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
        await login.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        var again = await client.Register(email);
        Assert.NotEqual(first.UserId, again.UserId);
    }

    [Fact]
    public async Task Deleting_the_account_with_a_wrong_password_is_403_and_deletes_nothing()
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();
        using var delete = await client.Send(HttpMethod.Delete, "/v1/users/me", tokens.AccessToken, new { password = "not the password at all" });
        await delete.AssertProblem(HttpStatusCode.Forbidden, "wrong_password");
        using var me = await client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task Reauthentication_is_under_the_same_backoff_as_login()
    {
        // The app's clock stands still: on a loaded machine the first back-off window (1 s) could pass between
        // the fifth wrong guess and the right password, and the test would see a deletion instead of the window.
        await using var clocked = new ClockedFactory();
        var client = clocked.CreateClient();
        var email = Api.NewEmail();
        var tokens = await client.Register(email);
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.Send(HttpMethod.Delete, "/v1/users/me", tokens.AccessToken, new { password = "guess number " + i });
            await wrong.AssertProblem(HttpStatusCode.Forbidden, "wrong_password");
        }

        using var blocked = await client.Send(HttpMethod.Delete, "/v1/users/me", tokens.AccessToken, new { password = Api.StrongPassword });
        await blocked.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.True(blocked.Headers.Contains("Retry-After"));
    }
}
