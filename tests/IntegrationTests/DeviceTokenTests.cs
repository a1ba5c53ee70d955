using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>
/// The lockout denial of service and its answer, OWASP's device cookies (ADR 0010), over a real socket: an attacker
/// who knows only the email keeps it in its back-off with one wrong attempt per window, yet the owner signs in from a
/// device that has signed in before; the attacker stays throttled, another account's token exempts nothing, and a
/// device token that fails too often is locked itself.
/// </summary>
public sealed class DeviceTokenTests
{
    private const string Wrong = "not the password at all, a guess";

    [Fact]
    public async Task An_attacker_keeps_the_email_locked_yet_the_owner_signs_in_with_a_device_token()
    {
        using var factory = new ObservedKestrelFactory();
        using var attacker = factory.SocketClient();
        using var owner = factory.SocketClient();
        var email = Api.NewEmail("owner");
        var device = DeviceToken((await owner.Register(email)).Body);

        // The attacker waits out each window and sends wrong passwords until the email is locked again: one attempt
        // while the back-off climbs to its 15-minute cap, five after the quiet period has reset it. Round after round,
        // across that reset, the email is never free for anyone without a device token.
        var window = TimeSpan.Zero;
        var longest = TimeSpan.Zero;
        for (var round = 0; round < 16; round++)
        {
            factory.Time.Advance(window);
            window = await RelockAsync(attacker, email);
            longest = window > longest ? window : longest;

            // Locked for anyone without a device token, the owner included…
            using (var blocked = await Login(owner, email, Api.StrongPassword))
            {
                await blocked.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
            }

            // …but the owner's device signs in, and gets a fresh token for next time.
            using var trusted = await Login(owner, email, Api.StrongPassword, device);
            Assert.True(trusted.StatusCode == HttpStatusCode.OK, $"round {round}: {(int)trusted.StatusCode} {await trusted.Body()}");
            device = DeviceToken(await trusted.Body());
        }

        Assert.Equal(TimeSpan.FromMinutes(15), longest);

        // The attacker is still throttled: within the window, nothing is checked.
        var checkedBefore = factory.Hasher.Checked;
        using (var attempt = await Login(attacker, email, Wrong))
        {
            await attempt.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
        }

        Assert.Equal(checkedBefore, factory.Hasher.Checked);
    }

    [Fact]
    public async Task Another_accounts_device_token_or_a_forged_one_gives_no_exemption()
    {
        using var factory = new ObservedKestrelFactory();
        using var client = factory.SocketClient();
        var victim = Api.NewEmail("victim");
        await client.Register(victim);
        var attackersOwn = DeviceToken((await client.Register()).Body);
        await LockAsync(client, victim);

        var forged = attackersOwn[..^4] + (attackersOwn[^4..] == "AAAA" ? "BBBB" : "AAAA");
        foreach (var token in new[] { attackersOwn, forged, "not-a-device-token", string.Empty })
        {
            var checkedBefore = factory.Hasher.Checked;
            using var attempt = await Login(client, victim, Api.StrongPassword, token);
            await attempt.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
            Assert.Equal(checkedBefore, factory.Hasher.Checked);
        }
    }

    [Fact]
    public async Task Wrong_passwords_with_a_device_token_exhaust_that_devices_own_budget()
    {
        using var factory = new ObservedKestrelFactory();
        using var client = factory.SocketClient();
        var email = Api.NewEmail();
        var device = DeviceToken((await client.Register(email)).Body);

        factory.Hasher.ResetCount();
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var response = await Login(client, email, $"wrong guess {i:D2} from a stolen device", device);
            return response.StatusCode;
        }));

        Assert.Equal(5, factory.Hasher.Checked);
        Assert.Equal(5, answers.Count(a => a == HttpStatusCode.Unauthorized));
        Assert.Equal(45, answers.Count(a => a == HttpStatusCode.TooManyRequests));

        // The device token is locked now, even with the right password…
        using (var locked = await Login(client, email, Api.StrongPassword, device))
        {
            await locked.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
        }

        // …while the email's own budget was never touched.
        await client.Login(email);
    }

    [Fact]
    public async Task A_device_token_from_before_a_password_change_gives_no_exemption_and_a_refresh_brings_a_new_one()
    {
        using var factory = new ObservedKestrelFactory();
        using var client = factory.SocketClient();
        var email = Api.NewEmail();
        var owner = await client.Register(email);
        var before = DeviceToken(owner.Body);
        const string newPassword = "the new passphrase of this account";
        using (var change = await client.Send(HttpMethod.Post, "/v1/users/me/password", owner.AccessToken,
                   new { currentPassword = Api.StrongPassword, newPassword }))
        {
            Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        }

        await LockAsync(client, email);
        using (var stale = await Login(client, email, newPassword, before))
        {
            await stale.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
        }

        // The session that changed the password lives on, and its refresh hands out a token for the new password.
        using var refreshed = await client.Refresh(owner.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        using var fresh = await Login(client, email, newPassword, DeviceToken(await refreshed.Body()));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task A_device_token_older_than_90_days_gives_no_exemption()
    {
        using var factory = new ObservedKestrelFactory();
        using var client = factory.SocketClient();
        var email = Api.NewEmail();
        var device = DeviceToken((await client.Register(email)).Body);

        factory.Time.Advance(TimeSpan.FromDays(90));
        await LockAsync(client, email);
        using var expired = await Login(client, email, Api.StrongPassword, device);
        await expired.AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
    }

    [Fact]
    public async Task A_device_token_longer_than_any_issued_is_a_validation_error_and_checks_nothing()
    {
        using var factory = new ObservedKestrelFactory();
        using var client = factory.SocketClient();
        var email = Api.NewEmail();
        await client.Register(email);

        factory.Hasher.ResetCount();
        using var response = await Login(client, email, Api.StrongPassword, new string('A', 257));
        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("deviceToken", out _), problem.ToString());
        Assert.Equal(0, factory.Hasher.Checked);
    }

    /// <summary>Wrong passwords until the back-off answers; returns the window it then names (Retry-After).</summary>
    private static async Task<TimeSpan> RelockAsync(HttpClient client, string email)
    {
        for (var attempt = 0; attempt < 6; attempt++)
        {
            using var response = await Login(client, email, Wrong);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return response.Headers.RetryAfter!.Delta!.Value;
            }

            await response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        throw new InvalidOperationException("Six wrong passwords in a row did not start the back-off.");
    }

    private static async Task LockAsync(HttpClient client, string email)
    {
        for (var i = 0; i < 5; i++)
        {
            using var failure = await Login(client, email, Wrong);
            await failure.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }
    }

    private static string DeviceToken(System.Text.Json.JsonElement body) => body.GetProperty("deviceToken").GetString()!;

    private static Task<HttpResponseMessage> Login(HttpClient client, string email, string password, string? deviceToken = null) =>
        deviceToken is null
            ? client.PostJson("/v1/auth/login", new { email, password })
            : client.PostJson("/v1/auth/login", new { email, password, deviceToken });
}
