using Latch.Application.Common.Interfaces;

namespace Latch.StoreContractTests;

/// <summary>The three ports one store adapter implements.</summary>
public sealed record Stores(IUserRepository Users, ISessionRepository Sessions, IFailedLoginTracker FailedLogins);

/// <summary>One store adapter, ready for the contract — or the reason it cannot run here.</summary>
public interface IStoreFixture
{
    /// <summary>Null when the store is available; otherwise why every test of the contract is skipped.</summary>
    string? SkipReason { get; }

    Stores Stores { get; }
}
