using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>Enrolling an authenticator app over HTTP, with its codes computed by oathtool at the server's (fake) time.</summary>
public sealed class TotpEnrolmentTests : IDisposable
{
    private readonly ClockedFactory factory = new();

    private const string Enrol = "/v1/users/me/mfa/totp";
    private const string Confirm = "/v1/users/me/mfa/totp/confirm";

    [Fact]
    public async Task Enrolment_answers_the_secret_and_its_uri_and_a_current_code_activates_it_with_ten_recovery_codes()
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();

        using var enrol = await client.Send(HttpMethod.Post, Enrol, tokens.AccessToken, new { currentPassword = Api.StrongPassword });
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        Assert.Contains("no-store", enrol.Headers.CacheControl?.ToString());
        var body = await enrol.Body();
        var secret = body.GetProperty("secret").GetString()!;
        Assert.Matches("^[A-Z2-7]{32}$", secret);
        Assert.Equal(
            $"otpauth://totp/Latch%3A{Uri.EscapeDataString(tokens.Email)}?secret={secret}&issuer=Latch&algorithm=SHA1&digits=6&period=30",
            body.GetProperty("otpauthUri").GetString());

        using var confirm = await client.Send(HttpMethod.Post, Confirm, tokens.AccessToken,
            new { code = Oathtool.Code(secret, factory.Time.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var codes = (await confirm.Body()).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToArray();
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z2-9]{5}-[a-z2-9]{5}$", c));

        // Active now: neither enrolment nor confirmation starts over.
        using var again = await client.Send(HttpMethod.Post, Enrol, tokens.AccessToken, new { currentPassword = Api.StrongPassword });
        await again.AssertProblem(HttpStatusCode.Conflict, "mfa_already_enabled");
        using var reconfirm = await client.Send(HttpMethod.Post, Confirm, tokens.AccessToken,
            new { code = Oathtool.Code(secret, factory.Time.GetUtcNow()) });
        await reconfirm.AssertProblem(HttpStatusCode.Conflict, "mfa_already_enabled");
    }

    [Fact]
    public async Task A_code_one_step_away_is_accepted_two_steps_away_refused()
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();
        var now = factory.Time.GetUtcNow();
        foreach (var offset in new[] { -60, 60 })
        {
            var secret = await EnrolAsync(client, tokens.AccessToken);
            using var refused = await client.Send(HttpMethod.Post, Confirm, tokens.AccessToken,
                new { code = Oathtool.Code(secret, now.AddSeconds(offset)) });
            await refused.AssertProblem(HttpStatusCode.Forbidden, "invalid_mfa_code");
        }

        var last = await EnrolAsync(client, tokens.AccessToken);
        using var skewed = await client.Send(HttpMethod.Post, Confirm, tokens.AccessToken,
            new { code = Oathtool.Code(last, now.AddSeconds(-30)) });
        Assert.Equal(HttpStatusCode.OK, skewed.StatusCode);

        var other = await client.Register();
        var ahead = await EnrolAsync(client, other.AccessToken);
        using var early = await client.Send(HttpMethod.Post, Confirm, other.AccessToken,
            new { code = Oathtool.Code(ahead, now.AddSeconds(30)) });
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
    }

    [Fact]
    public async Task Enrolment_asks_for_the_right_password_and_confirmation_for_a_pending_enrolment()
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();

        using var missing = await client.Send(HttpMethod.Post, Enrol, tokens.AccessToken, new { });
        var problem = await missing.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("currentPassword", out _));
        using var wrong = await client.Send(HttpMethod.Post, Enrol, tokens.AccessToken, new { currentPassword = "not the password" });
        await wrong.AssertProblem(HttpStatusCode.Forbidden, "wrong_password");
        using var nothingPending = await client.Send(HttpMethod.Post, Confirm, tokens.AccessToken, new { code = "123456" });
        await nothingPending.AssertProblem(HttpStatusCode.Conflict, "mfa_not_enrolled");
        using var noCode = await client.Send(HttpMethod.Post, Confirm, tokens.AccessToken, new { });
        await noCode.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");

        using var anonymous = await client.PostJson(Enrol, new { currentPassword = Api.StrongPassword });
        await anonymous.AssertProblem(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task A_restarted_enrolment_replaces_the_pending_secret()
    {
        var client = factory.CreateClient();
        var tokens = await client.Register();
        var first = await EnrolAsync(client, tokens.AccessToken);
        var second = await EnrolAsync(client, tokens.AccessToken);
        Assert.NotEqual(first, second);

        using var stale = await client.Send(HttpMethod.Post, Confirm, tokens.AccessToken,
            new { code = Oathtool.Code(first, factory.Time.GetUtcNow()) });
        await stale.AssertProblem(HttpStatusCode.Forbidden, "invalid_mfa_code");
        using var current = await client.Send(HttpMethod.Post, Confirm, tokens.AccessToken,
            new { code = Oathtool.Code(second, factory.Time.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    public void Dispose() => factory.Dispose();

    private static async Task<string> EnrolAsync(HttpClient client, string accessToken)
    {
        using var enrol = await client.Send(HttpMethod.Post, Enrol, accessToken, new { currentPassword = Api.StrongPassword });
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        return (await enrol.Body()).GetProperty("secret").GetString()!;
    }
}
