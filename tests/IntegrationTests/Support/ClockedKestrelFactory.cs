using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace Latch.IntegrationTests.Support;

/// <summary>The app on real Kestrel whose use cases read a clock the test moves: authenticator codes of steps to come.</summary>
public sealed class ClockedKestrelFactory(IDictionary<string, string?> settings) : KestrelFactory(settings)
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => TestServices.UseClock(services, Time));
    }
}
