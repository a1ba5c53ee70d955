using Latch.Infrastructure.Persistence.Mongo;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// A test of what the real driver puts on the wire for the adapter's calls: a store per test, connected to a fresh
/// <see cref="FakeMongoServer"/> that records every command it receives.
/// </summary>
public abstract class MongoWireTest : IAsyncLifetime
{
    private protected static readonly CancellationToken None = CancellationToken.None;

    private protected FakeMongoServer Server { get; } = new();

    private protected MongoStore Store { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Store = new MongoStore(MongoConnection.ClientSettings(Server.ConnectionString + "?serverSelectionTimeoutMS=5000"),
            "latch_wire", NullLogger<MongoStore>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Store.Dispose();
        await Server.DisposeAsync();
    }
}
