using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Browser;

/// <summary>The built Kestrel host with one configured web-app origin, shared by the cookie-transport tests.</summary>
public sealed class CookieTransportHost : IAsyncLifetime
{
    public const string AppOrigin = "https://app.example.com";

    private KestrelProcess? _host;

    public KestrelProcess Host => _host ?? throw new InvalidOperationException("not started");

    /// <summary>A client that sends exactly the cookies a test puts on a request (no cookie jar).</summary>
    public HttpClient CreateClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ActivityHeadersPropagator = null })
        {
            BaseAddress = Host.Address("http"),
        };

    public async Task InitializeAsync() =>
        _host = await KestrelProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Cors__AllowedOrigins__0"] = AppOrigin,
            ["RateLimiting__Auth__PerMinute"] = "1000",
        });

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
