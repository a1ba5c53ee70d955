using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Latch.IntegrationTests.Support;
using Latch.OpsTests.Support;

namespace Latch.OpsTests;

/// <summary>
/// remove-second-factor against the store of a running Latch (its SQLite file, its settings): the account then signs in
/// with its password alone, every one of its sessions has ended, and the removal is audited with the operator's reason.
/// </summary>
[Collection(LiveApi.Name)]
public sealed class RemoveSecondFactorTests(SharedInstance shared)
{
    private LatchInstance Latch => shared.Instance;

    [Fact]
    public async Task Removes_the_factor_of_a_user_named_by_email_ends_all_their_sessions_and_audits_the_reason()
    {
        using var http = Client();
        var ann = await RegisterAsync(http);
        var recoveryCodes = await EnrolAsync(http, ann);
        using (var challenged = await http.PostAsJsonAsync("/v1/auth/login", new { email = ann.Email, password = ann.Password }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
            Assert.Equal("mfa_required", JsonNode.Parse(await challenged.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        }

        var result = await RemoveAsync("--user", ann.Email.ToUpperInvariant(), "--reason", "lost-device");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"remove-second-factor: removed the second factor and recovery codes of user {ann.UserId} (reason: lost-device) " +
            "and ended 1 session(s)", result.Out);
        Assert.Matches($"Audit TotpRemovedByAdmin user {ann.UserId} .*detail lost-device", result.Error);
        Assert.DoesNotContain(ann.Email, result.Out + result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(http, ann.Access));

        using (var signIn = await http.PostAsJsonAsync("/v1/auth/login", new { email = ann.Email, password = ann.Password }))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
            var user = JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!["user"]!["mfa"]!;
            Assert.False(user["totp"]!.GetValue<bool>());
            Assert.Equal(0, user["recoveryCodesLeft"]!.GetValue<int>());
        }

        // Nothing is left to remove: the second run says so and changes nothing.
        var again = await RemoveAsync("--user", ann.UserId, "--reason", "lost-device");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("remove-second-factor: This user has no second factor, active or pending.", again.Error);
        Assert.NotEmpty(recoveryCodes);
    }

    [Fact]
    public async Task Reports_an_unknown_user_with_exit_1()
    {
        var result = await RemoveAsync("--user", Guid.NewGuid().ToString(), "--reason", "user-request");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("remove-second-factor: No user has this email or id.", result.Error);
    }

    [Theory]
    [InlineData(new[] { "--reason", "lost-device" }, "User (an email or a user id) is required.")]
    [InlineData(new[] { "--user", "a@example.com" }, "Reason is required: one of lost-device, account-compromise, user-request, other.")]
    [InlineData(new[] { "--user", "a@example.com", "--reason", "because Ann called" }, "Reason must be one of lost-device")]
    [InlineData(new[] { "--user", "not an email", "--reason", "other" }, "User must be an email or a user id.")]
    [InlineData(new[] { "--user", "a@example.com", "--reason", "other", "--all-users" }, "unknown option --all-users.")]
    public async Task Usage_errors_exit_2_before_the_settings_are_read(string[] args, string message)
    {
        // No settings at all: a usage error is reported without them.
        var result = await Tool.RunAsync(["remove-second-factor", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    private Task<ToolResult> RemoveAsync(params string[] args) =>
        Tool.RunAsync(["remove-second-factor", .. args, "--content-root", Repository.KestrelHostDirectory], Latch.Settings);

    private HttpClient Client() => new(Loopback.Handler()) { BaseAddress = Latch.BaseUrl };

    private static async Task<Account> RegisterAsync(HttpClient http)
    {
        var email = $"ops-mfa-{Guid.NewGuid():N}@example.com";
        var password = Keys.Secret(18);
        using var response = await http.PostAsJsonAsync("/v1/auth/register", new { email, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return new Account(email, password, json["user"]!["id"]!.GetValue<string>(), json["accessToken"]!.GetValue<string>());
    }

    private static async Task<JsonArray> EnrolAsync(HttpClient http, Account account)
    {
        using var enrol = await SendAsync(http, "/v1/users/me/mfa/totp", account.Access, new { currentPassword = account.Password });
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        var secret = JsonNode.Parse(await enrol.Content.ReadAsStringAsync())!["secret"]!.GetValue<string>();
        using var confirm = await SendAsync(http, "/v1/users/me/mfa/totp/confirm", account.Access,
            new { code = Oathtool.Code(secret, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        return JsonNode.Parse(await confirm.Content.ReadAsStringAsync())!["recoveryCodes"]!.AsArray();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string accessToken, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", accessToken);
        return await http.SendAsync(request);
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient http, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/users/me");
        request.Headers.Authorization = new("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private sealed record Account(string Email, string Password, string UserId, string Access);
}
