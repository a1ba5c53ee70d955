namespace Latch.OpsTests.Support;

/// <summary>
/// One Latch process for the tests that need a live API. Small auth limit (5 per minute per client IP) so that a
/// short burst shows the 429; each test talks from its own loopback address, so each has its own bucket. No
/// session-status cache, so a revocation is visible to the next request.
/// </summary>
public sealed class SharedInstance : IAsyncLifetime
{
    private LatchInstance? _instance;

    public LatchInstance Instance => _instance ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() =>
        _instance = await LatchInstance.StartAsync(new Dictionary<string, string>
        {
            ["Sessions__RevocationCacheDuration"] = "00:00:00",
        });

    public async Task DisposeAsync()
    {
        if (_instance is not null)
        {
            await _instance.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LiveApi : ICollectionFixture<SharedInstance>
{
    public const string Name = "live API";
}
