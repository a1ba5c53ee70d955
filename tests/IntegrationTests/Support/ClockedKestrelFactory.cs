using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// The app on real Kestrel whose use cases read a clock the test moves. The clock starts <paramref name="behind"/> the real
/// time, so a test can let minutes pass for the use cases while every access token stays valid for the bearer check,
/// which reads the real time (a token issued at a fake time ahead of it would not be valid yet).
/// </summary>
public sealed class ClockedKestrelFactory(IDictionary<string, string?> settings, TimeSpan behind) : KestrelFactory(settings)
{
    public ClockedKestrelFactory(IDictionary<string, string?> settings)
        : this(settings, TimeSpan.Zero)
    {
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow - behind);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => TestServices.UseClock(services, Time));
    }
}
