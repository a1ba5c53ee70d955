using Latch.StoreContractTests;

namespace Latch.ApplicationTests.Ports;

/// <summary>The store contract every real adapter passes, run against the in-memory ports the use-case tests use.</summary>
public sealed class InMemoryStoreContractTests() : StoreContract(new InMemoryStoreFixture());

public sealed class InMemoryStoreFixture : IStoreFixture
{
    public InMemoryStoreFixture()
    {
        var sessions = new InMemorySessions();
        var users = new InMemoryUsers(sessions);
        sessions.Users = users;
        Stores = new Stores(users, sessions, new InMemoryFailedLogins());
    }

    public string? SkipReason => null;

    public Stores Stores { get; }
}
