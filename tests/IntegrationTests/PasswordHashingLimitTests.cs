using System.Net;
using Latch.Infrastructure.Security.Passwords;
using Latch.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.IntegrationTests;

/// <summary>
/// Bcrypt runs in a bounded number of slots with a bounded queue. The slots are held by the test itself, so a full
/// queue is made deterministically, without timing: every route that hashes answers 503 at once, the others do not notice.
/// </summary>
public sealed class PasswordHashingLimitTests
{
    private static LatchFactory App() => new(new Dictionary<string, string?>
    {
        ["Passwords:MaxConcurrentHashes"] = "1",
        ["Passwords:MaxQueuedHashes"] = "1",
    });

    [Fact]
    public async Task With_the_hashing_queue_full_password_routes_are_503_with_Retry_After_and_other_routes_are_served()
    {
        await using var app = App();
        var client = app.CreateClient();
        var email = Api.NewEmail();
        var tokens = await client.Register(email);
        var hasher = app.Services.GetRequiredService<BoundedPasswordHasher>();

        var busy = await hasher.AcquireAsync(CancellationToken.None);
        var waiting = hasher.AcquireAsync(CancellationToken.None).AsTask();
        try
        {
            // Enough wrong passwords to start the back-off, had they been checked.
            for (var i = 0; i < 6; i++)
            {
                using var login = await client.PostJson("/v1/auth/login", new { email, password = "not the right password at all" });
                await AssertOverloaded(login);
            }

            using (var register = await client.PostJson("/v1/auth/register", new { email = Api.NewEmail(), password = Api.StrongPassword }))
            {
                await AssertOverloaded(register);
            }

            using (var change = await client.Send(HttpMethod.Post, "/v1/users/me/password", tokens.AccessToken,
                       new { currentPassword = Api.StrongPassword, newPassword = "a brand new passphrase for me" }))
            {
                await AssertOverloaded(change);
            }

            using (var delete = await client.Send(HttpMethod.Delete, "/v1/users/me", tokens.AccessToken, new { password = Api.StrongPassword }))
            {
                await AssertOverloaded(delete);
            }

            using var me = await client.Send(HttpMethod.Get, "/v1/users/me", tokens.AccessToken);
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            using var sessions = await client.Send(HttpMethod.Get, "/v1/users/me/sessions", tokens.AccessToken);
            Assert.Equal(HttpStatusCode.OK, sessions.StatusCode);
            using var refresh = await client.Refresh(tokens.RefreshToken);
            Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
            using var live = await client.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            busy.Dispose();
            (await waiting).Dispose();
        }

        // Nothing was checked while overloaded, so nothing counted as a failure: no back-off, the password still works.
        await client.Login(email);
    }

    [Fact]
    public async Task A_sign_in_waits_in_the_queue_for_a_free_slot_instead_of_failing()
    {
        await using var app = App();
        var client = app.CreateClient();
        var email = Api.NewEmail();
        await client.Register(email);
        var hasher = app.Services.GetRequiredService<BoundedPasswordHasher>();

        var busy = await hasher.AcquireAsync(CancellationToken.None);
        var login = client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
        await Task.Delay(200);
        Assert.False(login.IsCompleted, "the sign-in should wait while the only slot is busy");

        busy.Dispose();
        using var response = await login.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task AssertOverloaded(HttpResponseMessage response)
    {
        await response.AssertProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "Retry-After should be set");
    }
}
