using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Latch.OpsTests.Support;

namespace Latch.OpsTests;

/// <summary>
/// revoke-sessions against the store of a running Latch (its SQLite file, its settings): the running API then
/// refuses the revoked refresh and access tokens.
/// </summary>
[Collection(LiveApi.Name)]
public sealed class RevokeSessionsTests(SharedInstance shared)
{
    private LatchInstance Latch => shared.Instance;

    [Fact]
    public async Task Ends_every_session_of_one_user_named_by_email_and_no_one_else()
    {
        using var http = Client();
        var ann = await Register(http);
        var annSecond = await Login(http, ann.Email, ann.Password);
        var bob = await Register(http);

        var result = await Revoke("--user", ann.Email.ToUpperInvariant());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"revoke-sessions: ended 2 session(s) of user {ann.UserId}", result.Out);
        Assert.Equal(HttpStatusCode.Unauthorized, await Refresh(http, ann.Refresh));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(http, annSecond.Access));
        Assert.Equal(HttpStatusCode.OK, await Me(http, bob.Access));
    }

    [Fact]
    public async Task Ends_the_sessions_of_a_user_named_by_id()
    {
        using var http = Client();
        var ann = await Register(http);

        var result = await Revoke("--user", ann.UserId);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"ended 1 session(s) of user {ann.UserId}", result.Out);
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(http, ann.Access));
    }

    [Fact]
    public async Task Ends_every_session_of_every_user()
    {
        using var http = Client();
        var ann = await Register(http);
        var bob = await Register(http);

        var result = await Revoke("--all-users");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"ended \d+ session\(s\) of every user", result.Out);
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(http, ann.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, await Me(http, bob.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, await Refresh(http, bob.Refresh));

        // Signing in again works: revocation ends sessions, not accounts.
        var again = await Login(http, ann.Email, ann.Password);
        Assert.Equal(HttpStatusCode.OK, await Me(http, again.Access));
    }

    [Fact]
    public async Task Reports_an_unknown_user_with_exit_1()
    {
        var result = await Revoke("--user", "nobody-" + Guid.NewGuid().ToString("N") + "@example.com");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("revoke-sessions: No user has this email or id.", result.Error);
    }

    [Fact]
    public async Task Reports_settings_the_app_would_refuse_with_exit_1()
    {
        var environment = new Dictionary<string, string>(Latch.Settings) { ["Passwords__Pepper"] = Keys.Secret(8) };

        var result = await Tool.RunAsync(["revoke-sessions", "--all-users", "--content-root", Repository.KestrelHostDirectory], environment);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Passwords:Pepper must decode to at least 32 bytes.", result.Error);
    }

    [Fact]
    public async Task Reports_a_stage_whose_settings_cannot_be_read_with_exit_1()
    {
        var result = await Tool.RunAsync(["revoke-sessions", "--all-users", "--stage", "nosuchstage", "--repo", Repository.Root]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("custom.stages.nosuchstage is not defined", result.Error);
    }

    [Theory]
    [InlineData(new string[0], "give --user <email|id> or --all-users")]
    [InlineData(new[] { "--user", "a@example.com", "--all-users" }, "give --user <email|id> or --all-users")]
    [InlineData(new[] { "--user" }, "--user needs a value.")]
    [InlineData(new[] { "--user", "not an email" }, "User must be an email or a user id.")]
    public async Task Usage_errors_exit_2(string[] args, string message)
    {
        var result = await Tool.RunAsync(["revoke-sessions", .. args, "--content-root", Repository.KestrelHostDirectory], Latch.Settings);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    private Task<ToolResult> Revoke(params string[] args) =>
        Tool.RunAsync(["revoke-sessions", .. args, "--content-root", Repository.KestrelHostDirectory], Latch.Settings);

    private HttpClient Client() => new(Loopback.Handler()) { BaseAddress = Latch.BaseUrl };

    private static async Task<Account> Register(HttpClient http)
    {
        var email = $"ops-{Guid.NewGuid():N}@example.com";
        var password = Keys.Secret(18);
        using var response = await http.PostAsJsonAsync("/v1/auth/register", new { email, password });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return new Account(email, password, json["user"]!["id"]!.GetValue<string>(),
            json["accessToken"]!.GetValue<string>(), json["refreshToken"]!.GetValue<string>());
    }

    private static async Task<Account> Login(HttpClient http, string email, string password)
    {
        using var response = await http.PostAsJsonAsync("/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return new Account(email, password, json["user"]!["id"]!.GetValue<string>(),
            json["accessToken"]!.GetValue<string>(), json["refreshToken"]!.GetValue<string>());
    }

    private static async Task<HttpStatusCode> Refresh(HttpClient http, string refreshToken)
    {
        using var response = await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken });
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> Me(HttpClient http, string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/users/me");
        request.Headers.Authorization = new("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private sealed record Account(string Email, string Password, string UserId, string Access, string Refresh);
}
