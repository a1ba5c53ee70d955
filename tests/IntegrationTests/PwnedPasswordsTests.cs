using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>
/// The optional Pwned Passwords check against a local stand-in of the range API: only a five-digit prefix leaves the
/// service, padding is asked for and is never a match, a slow or failing API fails open by default and closed when
/// told, and sign-ins (failed ones above all) never ask it.
/// </summary>
public sealed class PwnedPasswordsTests : IAsyncLifetime
{
    private const string Breached = "this passphrase was in a breach";
    private PwnedPasswordsStandIn _api = null!;

    public async Task InitializeAsync() => _api = await PwnedPasswordsStandIn.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_breached_password_is_refused_and_only_its_hash_prefix_is_sent_with_padding_asked()
    {
        await using var factory = Factory();
        var hash = Sha1(Breached);
        _api.Answer(hash, 42);

        using var response = await factory.CreateClient().PostJson("/v1/auth/register", new { email = Api.NewEmail(), password = Breached });

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["breached"], problem.GetProperty("passwordRules").GetProperty("password").EnumerateArray().Select(r => r.GetString()));
        var request = Assert.Single(_api.Requests);
        Assert.Equal("/range/" + hash[..5], request.Path);
        Assert.Equal("", request.Query);
        Assert.Equal("true", request.Headers["Add-Padding"]);
        var sent = request.Path + string.Concat(request.Headers.Select(h => h.Key + h.Value));
        Assert.DoesNotContain(hash[5..10], sent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Breached, sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_padding_entry_is_not_a_match()
    {
        await using var factory = Factory();
        _api.Answer(Sha1(Breached), 0);

        using var response = await factory.CreateClient().PostJson("/v1/auth/register", new { email = Api.NewEmail(), password = Breached });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Single(_api.Requests);
    }

    [Fact]
    public async Task A_password_change_to_a_breached_password_is_refused_but_only_after_the_current_password_is_proved()
    {
        await using var factory = Factory();
        var client = factory.CreateClient();
        var tokens = await client.Register();
        _api.Answer(Sha1(Breached), 7);
        var before = _api.Requests.Count;

        using var wrongCurrent = await client.Send(HttpMethod.Post, "/v1/users/me/password", tokens.AccessToken,
            new { currentPassword = "not the current password at all", newPassword = Breached });
        await wrongCurrent.AssertProblem(HttpStatusCode.Forbidden, "wrong_password");
        Assert.Equal(before, _api.Requests.Count);

        using var refused = await client.Send(HttpMethod.Post, "/v1/users/me/password", tokens.AccessToken,
            new { currentPassword = Api.StrongPassword, newPassword = Breached });
        var problem = await refused.AssertProblem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["breached"], problem.GetProperty("passwordRules").GetProperty("newPassword").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(before + 1, _api.Requests.Count);
    }

    [Fact]
    public async Task Sign_ins_failed_or_not_never_ask_it()
    {
        await using var factory = Factory();
        var client = factory.CreateClient();
        var email = Api.NewEmail();
        await client.Register(email);
        var before = _api.Requests.Count;

        foreach (var password in new[] { "a wrong password for this account", Breached, "another wrong password, longer" })
        {
            using var failed = await client.PostJson("/v1/auth/login", new { email, password });
            await failed.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using var unknown = await client.PostJson("/v1/auth/login", new { email = Api.NewEmail(), password = Breached });
        await unknown.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        await client.Login(email);

        Assert.Equal(before, _api.Requests.Count);
    }

    [Fact]
    public async Task A_slow_API_fails_open_by_default_within_the_timeout()
    {
        await using var factory = Factory();
        _api.Answer(Sha1(Breached), 42);
        _api.Delay = TimeSpan.FromSeconds(10);

        var clock = Stopwatch.StartNew();
        using var response = await factory.CreateClient().PostJson("/v1/auth/register", new { email = Api.NewEmail(), password = Breached });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Single(_api.Requests);
    }

    [Theory]
    [InlineData(500, 0)]
    [InlineData(200, 10)]
    public async Task A_failing_or_slow_API_fails_closed_when_told_and_nothing_is_created(int status, int delaySeconds)
    {
        await using var factory = Factory(new() { ["Passwords:PwnedPasswords:FailClosed"] = "true" });
        _api.Status = status;
        _api.Delay = TimeSpan.FromSeconds(delaySeconds);
        var client = factory.CreateClient();
        var email = Api.NewEmail();

        using var response = await client.PostJson("/v1/auth/register", new { email, password = Api.StrongPassword });

        await response.AssertProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        _api.Status = 200;
        _api.Delay = TimeSpan.Zero;
        using var login = await client.PostJson("/v1/auth/login", new { email, password = Api.StrongPassword });
        await login.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task It_is_off_by_default()
    {
        await using var factory = new LatchFactory(new Dictionary<string, string?> { ["Passwords:PwnedPasswords:BaseUrl"] = _api.BaseUrl });
        _api.Answer(Sha1(Breached), 42);

        using var response = await factory.CreateClient().PostJson("/v1/auth/register", new { email = Api.NewEmail(), password = Breached });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(_api.Requests);
    }

    [Theory]
    [InlineData("Production", "Passwords:PwnedPasswords:BaseUrl", "http://pwned.example/", "Passwords:PwnedPasswords:BaseUrl must be an absolute https:// address")]
    [InlineData("Testing", "Passwords:PwnedPasswords:BaseUrl", "not a url", "Passwords:PwnedPasswords:BaseUrl must be an absolute https:// address")]
    [InlineData("Testing", "Passwords:PwnedPasswords:Timeout", "00:00:30", "Passwords:PwnedPasswords:Timeout must be between")]
    public void Start_up_refuses_an_unsafe_Pwned_Passwords_setting(string environment, string key, string value, string expected)
    {
        using var factory = new LatchFactory(new Dictionary<string, string?>
        {
            ["Environment"] = environment,
            ["Passwords:PwnedPasswords:Enabled"] = "true",
            [key] = value,
        });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        Assert.Contains(messages, m => m.Contains(expected, StringComparison.Ordinal));
    }

    private LatchFactory Factory(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Passwords:PwnedPasswords:Enabled"] = "true",
            ["Passwords:PwnedPasswords:BaseUrl"] = _api.BaseUrl,
            ["Passwords:PwnedPasswords:Timeout"] = "00:00:00.500",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return new LatchFactory(settings);
    }

    private static string Sha1(string password) =>
#pragma warning disable CA5350 // the range API's own key
        Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(password)));
#pragma warning restore CA5350
}
