using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Latch.IntegrationTests.Support;
using Latch.LambdaEmulator;
using Latch.LambdaTests.Support;
using MongoDB.Bson;

namespace Latch.LambdaTests;

/// <summary>
/// The real Host.Lambda — in CI the Native AOT package, where the MongoDB driver runs trimmed and ahead-of-time
/// compiled — on its MongoDB store: against a wire-level fake server that keeps documents (the driver's handshake,
/// server selection and commands; the adapter's serializers both ways and its rendered filters and updates), and
/// against a closed port (the store unavailable: 503 within the server-selection timeout, start-up not held up).
/// </summary>
public sealed class MongoStoreTests
{
    private const string Password = "a long passphrase nobody would guess 42";
    private static readonly TimeSpan ServerSelectionTimeout = TimeSpan.FromSeconds(1.5);

    // Made at run time, so the committed tree holds no connection string with a password (the secret scanner).
    private static readonly string MongoPassword = Guid.NewGuid().ToString("N");

    [Fact]
    public async Task The_accounts_flow_runs_on_the_MongoDB_adapter_with_documents_and_filters_as_the_contract_says()
    {
        var documents = new FakeMongoDocuments();
        await using var server = new FakeMongoServer { Answer = documents.Answer };
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, MongoSettings(server.ConnectionString + "?serverSelectionTimeoutMS=10000"));
        await emulator.WaitUntilReadyAsync(() => function.Output, function);
        await using var front = await FrontDoor.StartAsync(emulator, EventFormat.V2);
        using var http = new HttpClient { BaseAddress = front.Address };
        var email = $"mongo-{Guid.NewGuid():N}@example.com";

        var registered = await JsonAsync(await http.PostAsJsonAsync("/v1/auth/register", new { email, password = Password, displayName = "Ann" }),
            HttpStatusCode.Created, function);
        var login = await JsonAsync(await http.PostAsJsonAsync("/v1/auth/login", new { email, password = Password }), HttpStatusCode.OK, function);
        var access = login.GetProperty("accessToken").GetString()!;
        var me = await JsonAsync(await SendAsync(http, HttpMethod.Get, "/v1/users/me", access), HttpStatusCode.OK, function);
        var refreshed = await JsonAsync(await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() }),
            HttpStatusCode.OK, function);
        var sessions = await JsonAsync(await SendAsync(http, HttpMethod.Get, "/v1/users/me/sessions", refreshed.GetProperty("accessToken").GetString()!),
            HttpStatusCode.OK, function);
        using var logout = await SendAsync(http, HttpMethod.Post, "/v1/auth/logout", refreshed.GetProperty("accessToken").GetString()!);
        using var afterLogout = await http.PostAsJsonAsync("/v1/auth/refresh", new { refreshToken = refreshed.GetProperty("refreshToken").GetString() });
        using var taken = await http.PostAsJsonAsync("/v1/auth/register", new { email, password = Password });
        using var ready = await http.GetAsync("/health/ready");

        // What the API answered: the documents written were read back into the same user and sessions.
        var userId = registered.GetProperty("user").GetProperty("id").GetString()!;
        Assert.Equal(userId, me.GetProperty("id").GetString());
        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.Equal("Ann", me.GetProperty("displayName").GetString());
        Assert.Equal(2, sessions.GetArrayLength());
        Assert.True(sessions[0].GetProperty("current").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // What went over the wire: the documents and statements of ADR 0006.
        Assert.Equal(["users", "sessions", "failedLogins", "email_tokens", "sent_mail"], server.Received("createIndexes").Select(c => c[0].AsString).Distinct());
        var user = server.Received("insert").First(c => c[0] == "users")["documents"][0].AsBsonDocument;
        Assert.Equal(["_id", "email", "displayName", "passwordHash", "createdAt", "updatedAt", "version", "credentialVersion",
            "totpSecret", "totpConfirmedAt", "totpLastStep", "recoveryCodes"], user.Names);
        Assert.Equal(new BsonBinaryData(Guid.Parse(userId), GuidRepresentation.Standard), user["_id"]);
        Assert.Equal(BsonType.DateTime, user["createdAt"].BsonType);
        Assert.Equal(BsonType.Int64, user["version"].BsonType);
        var session = server.Received("insert").First(c => c[0] == "sessions")["documents"][0].AsBsonDocument;
        Assert.Equal(["_id", "userId", "generation", "secretHash", "sealedSuccessor", "rotatedAt", "createdAt", "lastUsedAt", "idleExpiresAt",
            "absoluteExpiresAt", "expiresAt", "revokedAt", "revocationReason", "userAgent", "ipAddress", "credentialVersion"], session.Names);
        Assert.Equal(user["_id"], session["userId"]);
        Assert.Contains(server.Received("find"), c => c[0] == "users" && c["filter"] == new BsonDocument("email", email));
        var reservation = server.Received("findAndModify").First(c => c[0] == "failedLogins");
        Assert.True(reservation["upsert"].AsBoolean);
        Assert.Equal(BsonType.Array, reservation["update"].BsonType);
        var rotation = server.Received("findAndModify").Single(c => c[0] == "sessions");
        Assert.Equal(["_id", "generation", "secretHash", "revokedAt"], rotation["query"].AsBsonDocument.Names);
        Assert.Equal(BsonNull.Value, rotation["query"]["revokedAt"]);
        Assert.Equal(new BsonDocument("_id", 1), rotation["fields"]);
        Assert.Contains(server.Received("find"), c => c[0] == "sessions" && c.Contains("sort") &&
            c["sort"] == new BsonDocument { { "createdAt", -1 }, { "_id", -1 } });
    }

    [Fact]
    public async Task With_MongoDB_unreachable_the_host_starts_ready_is_503_and_a_login_is_503_unavailable_within_the_timeout()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var started = Stopwatch.StartNew();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi,
            MongoSettings($"mongodb://latch:{MongoPassword}@127.0.0.1:{ClosedPort()}/?serverSelectionTimeoutMS={ServerSelectionTimeout.TotalMilliseconds}"));
        await emulator.WaitUntilReadyAsync(() => function.Output, function);
        var startUp = started.Elapsed;
        await using var front = await FrontDoor.StartAsync(emulator, EventFormat.V1);
        using var http = new HttpClient { BaseAddress = front.Address };

        using var live = await http.GetAsync("/health/live");
        var (ready, readyTime) = await TimedAsync(() => http.GetAsync("/health/ready"));
        var (login, loginTime) = await TimedAsync(() => http.PostAsJsonAsync("/v1/auth/login", new { email = "nobody@example.com", password = Password }));

        // Start-up does not wait for MongoDB (the index build retries in the background).
        Assert.True(startUp < TimeSpan.FromSeconds(30), $"start-up took {startUp}");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.NotNull(ready.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
        Assert.NotNull(login.Headers.RetryAfter);
        var problem = await login.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unavailable", problem.GetProperty("code").GetString());
        Assert.DoesNotContain(MongoPassword, problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(MongoPassword, function.Output, StringComparison.Ordinal);
        // The server-selection timeout, plus room for a loaded two-core machine; far from the driver's default of 30 s.
        var bound = ServerSelectionTimeout + TimeSpan.FromSeconds(4);
        Assert.True(readyTime < bound, $"/health/ready took {readyTime}");
        Assert.True(loginTime < bound, $"login took {loginTime}");
        ready.Dispose();
        login.Dispose();
    }

    private static Dictionary<string, string?> MongoSettings(string connectionString) => new()
    {
        ["Storage__Provider"] = "Mongo",
        ["Storage__Mongo__ConnectionString"] = connectionString,
        ["Storage__Mongo__Database"] = "latch_lambda",
        ["Passwords__BcryptWorkFactor"] = "10",
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> TimedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var clock = Stopwatch.StartNew();
        var response = await send();
        return (response, clock.Elapsed);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string accessToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return await http.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected, FunctionProcess function)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}\n{function.Output}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
