using Latch.IntegrationTests.Support;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// On a cold start the first client's event is already queued, and at 0.145 vCPU the store's client (its construction,
/// its monitor's connection and handshakes, the index creation) would take the CPU that answer waits for. So nothing of
/// it runs before the first invocation has been answered; right after it, the indexes are made as before
/// (docs/performance.md, "Lambda cold start").
/// </summary>
public sealed class BackgroundStartTests
{
    [Fact]
    public async Task The_store_is_not_reached_before_the_first_invocation_is_answered_and_its_indexes_are_made_right_after()
    {
        await using var server = new FakeMongoServer();
        await using var aws = await AwsMailStandIn.StartAsync();
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        // The deployed API function: the MongoDB store, mail enqueued to SQS for the sender function.
        var environment = aws.FunctionEnvironment();
        environment["Storage__Provider"] = "Mongo";
        environment["Storage__Mongo__ConnectionString"] = server.ConnectionString;
        environment["Storage__Mongo__Database"] = "latch_cold";
        environment["Mail__Queue__Url"] = AwsMailStandIn.QueueUrl;
        environment["Mail__Transport"] = "Ses";
        environment["Mail__Ses__IdentityArn"] = AwsMailStandIn.IdentityArn;
        environment["Mail__From"] = "Acme <no-reply@acme.example>";
        environment["Mail__Links__VerifyEmail"] = "https://app.acme.example/verify#token={token}";
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, environment);
        await emulator.WaitUntilReadyAsync(() => function.Output, function);
        // Ample time for a client made during start-up to connect and create its indexes (a fraction of a second here).
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.True(server.ConnectionsAccepted == 0, $"the store was reached before any invocation:\n{function.Output}");
        Assert.Empty(server.Received("createIndexes"));

        var (_, response) = await emulator.SendAsync(EventFormat.V2, new HttpRequestData { RawPath = "/health/live" });
        Assert.Equal(200, response.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (server.Received("createIndexes").Count < 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(["users", "sessions", "failedLogins", "email_tokens", "sent_mail"],
            server.Received("createIndexes").Select(c => c[0].AsString).Distinct());
    }
}
