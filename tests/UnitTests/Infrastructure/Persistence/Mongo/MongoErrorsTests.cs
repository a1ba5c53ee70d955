using System.Net;
using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Persistence.Mongo;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;
using MongoDB.Driver.Core.Connections;
using MongoDB.Driver.Core.Servers;

namespace Latch.UnitTests.Infrastructure.Persistence.Mongo;

public sealed class MongoErrorsTests
{
    private static readonly ConnectionId Connection = new(new ServerId(new ClusterId(), new DnsEndPoint("db.internal", 27017)));

    public static TheoryData<Exception> Outages() =>
    [
        new TimeoutException("A timeout occurred after 3000ms selecting a server"),
        new MongoConnectionException(Connection, "An exception occurred while opening a connection to the server."),
        new MongoAuthenticationException(Connection, "Unable to authenticate."),
        new MongoExecutionTimeoutException(Connection, "operation exceeded time limit"),
        Command(189, "PrimarySteppedDown"),
        Command(91, "ShutdownInProgress"),
        new MongoNotPrimaryException(Connection, new BsonDocument("ping", 1), new BsonDocument { { "ok", 0 }, { "code", 10107 } }),
        new MongoWaitQueueFullException("The wait queue for acquiring a connection to server db.internal:27017 is full."),
    ];

    public static TheoryData<Exception> Bugs() =>
    [
        new InvalidOperationException("a bug"),
        Command(2, "BadValue"),
        Command(11000, "DuplicateKey"),
        new OperationCanceledException(),
        new MongoClientException("misuse"),
    ];

    [Theory]
    [MemberData(nameof(Outages))]
    public void Outages_are_recognised(Exception exception) => Assert.True(MongoErrors.IsUnavailable(exception));

    [Theory]
    [MemberData(nameof(Bugs))]
    public void Bugs_and_expected_failures_are_not_outages(Exception exception) => Assert.False(MongoErrors.IsUnavailable(exception));

    [Fact]
    public void A_duplicate_key_from_findAndModify_is_recognised() =>
        Assert.True(MongoErrors.IsDuplicateKey(Command(11000, "E11000 duplicate key error")));

    [Fact]
    public async Task An_outage_becomes_StoreUnavailableException_and_anything_else_passes_through()
    {
        using var store = new MongoStore(MongoConnection.ClientSettings("mongodb://127.0.0.1:1"), "latch", NullLogger<MongoStore>.Instance);

        var outage = await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            store.RunAsync<int>(() => throw new TimeoutException("db.internal:27017")));
        Assert.DoesNotContain("db.internal", outage.Message, StringComparison.Ordinal);
        Assert.IsType<TimeoutException>(outage.InnerException);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RunAsync(() => throw new InvalidOperationException()));
        await Assert.ThrowsAsync<OperationCanceledException>(() => store.RunAsync(() => throw new OperationCanceledException()));
    }

    private static MongoCommandException Command(int code, string name) =>
        new(Connection, name, new BsonDocument("find", "users"), new BsonDocument { { "ok", 0 }, { "code", code }, { "codeName", name } });
}
