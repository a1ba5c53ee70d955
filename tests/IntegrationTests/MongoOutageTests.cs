using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Latch.IntegrationTests.Support;
using MongoDB.Bson;

namespace Latch.IntegrationTests;

/// <summary>
/// The host on the Mongo store with nothing listening at the configured address: readiness and the API answer
/// 503 with Retry-After within the configured server-selection timeout, and nothing else breaks.
/// </summary>
public sealed class MongoOutageTests
{
    private static readonly TimeSpan ServerSelectionTimeout = TimeSpan.FromSeconds(1.5);

    // The timeout, plus room for a loaded two-core machine; far from the driver's own default of 30 s.
    private static readonly TimeSpan Bound = ServerSelectionTimeout + TimeSpan.FromSeconds(4);

    // Made at run time: a committed literal would be a (fake) secret in the tree for the secret scanner.
    private static readonly string Password = Guid.NewGuid().ToString("N");

    [Fact]
    public async Task With_MongoDB_unreachable_ready_and_the_API_answer_503_unavailable_within_the_timeout()
    {
        await using var app = new LatchFactory(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Mongo",
            ["Storage:Mongo:ConnectionString"] =
                $"mongodb://latch:{Password}@127.0.0.1:{ClosedPort()}/?serverSelectionTimeoutMS={ServerSelectionTimeout.TotalMilliseconds}",
            ["Storage:Mongo:Database"] = "latch_outage",
        });
        var client = app.CreateClient();

        using (var live = await client.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        var ready = await Timed(() => client.GetAsync("/health/ready"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.NotNull(ready.Headers.RetryAfter);
        await AssertNothingInternal(ready);

        var login = await Timed(() => client.PostJson("/v1/auth/login", new { email = Api.NewEmail(), password = Api.StrongPassword }));
        await login.AssertProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(login.Headers.RetryAfter);
        await AssertNothingInternal(login);

        var register = await Timed(() => client.PostJson("/v1/auth/register", new { email = Api.NewEmail(), password = Api.StrongPassword }));
        await register.AssertProblem(HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.NotNull(register.Headers.RetryAfter);
        await AssertNothingInternal(register);

        // A request that needs no store is not affected.
        using var badRefresh = await client.Refresh("not-a-token");
        await badRefresh.AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task When_MongoDB_comes_back_readiness_and_the_API_recover_by_themselves()
    {
        var port = ClosedPort();
        await using var app = new LatchFactory(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Mongo",
            ["Storage:Mongo:ConnectionString"] = $"mongodb://127.0.0.1:{port}/?serverSelectionTimeoutMS=1000",
            ["Storage:Mongo:Database"] = "latch_outage",
        });
        var client = app.CreateClient();
        using (var down = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        }

        await using (var server = new FakeMongoServer(port) { Answer = FirstReservationGranted })
        {
            var waited = Stopwatch.StartNew();
            while (true)
            {
                using var ready = await client.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }

                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), "Readiness did not recover within 15 s of the store returning.");
                await Task.Delay(200);
            }

            // The store answers again (it knows no such email): an ordinary 401, not a 503.
            using var login = await client.PostJson("/v1/auth/login", new { email = Api.NewEmail(), password = Api.StrongPassword });
            await login.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
            Assert.NotEmpty(server.Received("ping"));
        }

        using var downAgain = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, downAgain.StatusCode);
    }

    /// <summary>
    /// The fake stores nothing, so it is told what a server answers to the back-off's upserting reservation: the
    /// document after it, a first attempt granted. Every other command gets the fake's default.
    /// </summary>
    private static BsonDocument? FirstReservationGranted(BsonDocument command) =>
        command.GetElement(0) is { Name: "findAndModify", Value.AsString: "failedLogins" }
            ? new BsonDocument
            {
                {
                    "value", new BsonDocument
                    {
                        { "_id", command["query"]["_id"] }, { "failures", 1 }, { "lastFailureAt", DateTime.UtcNow },
                        { "expiresAt", DateTime.UtcNow.AddMinutes(15) }, { "granted", true },
                    }
                },
                { "ok", 1 },
            }
            : null;

    private static async Task<HttpResponseMessage> Timed(Func<Task<HttpResponseMessage>> send)
    {
        var stopwatch = Stopwatch.StartNew();
        var response = await send();
        Assert.True(stopwatch.Elapsed < Bound, $"Answered after {stopwatch.Elapsed}, expected within {Bound}.");
        Assert.True((int)response.StatusCode is < 500 or 503, $"Unexpected {(int)response.StatusCode}.");
        return response;
    }

    private static async Task AssertNothingInternal(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        foreach (var leak in new[] { Password, "127.0.0.1", "mongodb", "Mongo", "Timeout", "   at " })
        {
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
        }
    }

    /// <summary>A loopback port that was free a moment ago: connections to it are refused.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
