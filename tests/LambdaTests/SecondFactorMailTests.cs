using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Latch.IntegrationTests.Support;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// Replacing the recovery codes and turning the factor off with recovery codes, as deployed: the API function (real
/// bootstrap, emulator as API Gateway) hands each notice to SQS (a stand-in that checks the signed SendMessage), and the
/// mail-sender function — the same binary, the same store — turns the queue bodies into SES SendEmail calls to the
/// account's address. The notice crosses the source-generated JSON of both ends, under Native AOT in CI.
/// </summary>
public sealed class SecondFactorMailTests : IAsyncLifetime
{
    private const string Password = "a long passphrase nobody would guess 42";

    private readonly string _data = Directory.CreateTempSubdirectory("latch-lambda-mfa-mail-").FullName;
    private AwsMailStandIn _aws = null!;
    private RuntimeApiEmulator _apiEmulator = null!;
    private RuntimeApiEmulator _senderEmulator = null!;
    private FunctionProcess _api = null!;
    private FunctionProcess _sender = null!;

    public async Task InitializeAsync()
    {
        _aws = await AwsMailStandIn.StartAsync();
        var store = Path.Combine(_data, "shared.db");

        _apiEmulator = await RuntimeApiEmulator.StartAsync();
        var api = _aws.FunctionEnvironment();
        api["Storage__Sqlite__Path"] = store;
        api["Passwords__BcryptWorkFactor"] = "10";
        api["RateLimiting__Auth__PerMinute"] = "1000000";
        api["Mail__Queue__Url"] = AwsMailStandIn.QueueUrl;
        _api = FunctionProcess.StartBuilt(_apiEmulator.RuntimeApi, api);
        await _apiEmulator.WaitUntilReadyAsync(() => _api.Output, _api);

        _senderEmulator = await RuntimeApiEmulator.StartAsync();
        var sender = _aws.FunctionEnvironment();
        sender["Storage__Sqlite__Path"] = store;
        sender["LATCH_HANDLER"] = "mail-sender";
        sender["Mail__Transport"] = "Ses";
        sender["Mail__Ses__IdentityArn"] = AwsMailStandIn.IdentityArn;
        sender["Mail__From"] = "Acme <no-reply@acme.example>";
        sender["Mail__ProductName"] = "Acme";
        sender["Mail__Links__SignIn"] = "https://app.acme.example/sign-in";
        _sender = FunctionProcess.StartBuilt(_senderEmulator.RuntimeApi, sender);
        await _senderEmulator.WaitUntilReadyAsync(() => _sender.Output, _sender);
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _sender.DisposeAsync();
        await _apiEmulator.DisposeAsync();
        await _senderEmulator.DisposeAsync();
        await _aws.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Regenerate_and_disable_with_recovery_codes_reach_the_account_as_SES_emails()
    {
        await using var front = await FrontDoor.StartAsync(_apiEmulator, EventFormat.V2);
        using var http = new HttpClient { BaseAddress = front.Address };
        var email = $"mfa-mail-{Guid.NewGuid():N}@example.com";
        using var register = await http.PostAsJsonAsync("/v1/auth/register", new { email, password = Password });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        var accessToken = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;

        using var enrol = await SendAsync(http, "/v1/users/me/mfa/totp", accessToken, new { currentPassword = Password });
        var secret = (await enrol.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        using var confirm = await SendAsync(http, "/v1/users/me/mfa/totp/confirm", accessToken,
            new { code = Oathtool.Code(secret, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var first = Codes(await confirm.Content.ReadFromJsonAsync<JsonElement>());

        using var regenerated = await SendAsync(http, "/v1/users/me/mfa/recovery-codes", accessToken,
            new { currentPassword = Password, recoveryCode = first[0] });
        Assert.Equal(HttpStatusCode.OK, regenerated.StatusCode);
        var second = Codes(await regenerated.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(10, second.Count);
        Assert.Empty(second.Intersect(first));

        using var wrong = await SendAsync(http, "/v1/users/me/mfa/totp/disable", accessToken,
            new { currentPassword = Password, recoveryCode = first[1] });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("invalid_mfa_code", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var disabled = await SendAsync(http, "/v1/users/me/mfa/totp/disable", accessToken,
            new { currentPassword = Password, recoveryCode = second[0] });
        Assert.Equal(HttpStatusCode.NoContent, disabled.StatusCode);

        // Two queue bodies, ids only: no address, no code.
        Assert.Empty(_aws.Refusals);
        var bodies = _aws.SentMessages.Select(m => m.GetProperty("MessageBody").GetString()!).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.All(bodies, body =>
        {
            var message = JsonNode.Parse(body)!;
            Assert.Equal("recovery-code-used", message["type"]!.GetValue<string>());
            Assert.DoesNotContain(email, body, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Equal(["regenerate", "disable"], bodies.Select(b => JsonNode.Parse(b)!["use"]!.GetValue<string>()));

        var delivered = await _senderEmulator.InvokeAsync(Event(bodies));
        Assert.Equal("""{"batchItemFailures":[]}""", delivered.Text);
        var emails = _aws.SentEmails.ToList();
        Assert.Equal(2, emails.Count);
        Assert.All(emails, e => Assert.Equal(email, e.GetProperty("Destination").GetProperty("ToAddresses")[0].GetString()));
        var texts = emails.Select(e => e.GetProperty("Content").GetProperty("Simple").GetProperty("Body").GetProperty("Text")
            .GetProperty("Data").GetString()!).ToList();
        Assert.Contains(texts, t => t.Contains("used to replace the recovery codes of your Acme account", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("used to turn off two-step sign-in on your Acme account", StringComparison.Ordinal));

        foreach (var output in new[] { _api.Output, _sender.Output })
        {
            Assert.DoesNotContain(email, output, StringComparison.OrdinalIgnoreCase);
            Assert.All(first.Concat(second), code => Assert.DoesNotContain(code, output, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static List<string> Codes(JsonElement body) =>
        [.. body.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!)];

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string accessToken, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request);
    }

    /// <summary>The AWS sample SQS event with one record per body.</summary>
    private static byte[] Event(IReadOnlyList<string> bodies)
    {
        var sample = JsonNode.Parse(File.ReadAllText(TestPaths.SampleEvent("sqs-event.json")))!;
        var template = sample["Records"]![0]!;
        var records = new JsonArray();
        foreach (var body in bodies)
        {
            var record = template.DeepClone();
            record["messageId"] = Guid.NewGuid().ToString();
            record["body"] = body;
            records.Add(record);
        }

        sample["Records"] = records;
        return JsonSerializer.SerializeToUtf8Bytes(sample);
    }
}
