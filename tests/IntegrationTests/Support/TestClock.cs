using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace Latch.IntegrationTests.Support;

/// <summary>An app whose use cases read a clock the test moves (grace periods, back-off windows).</summary>
public sealed class ClockedFactory(IDictionary<string, string?> settings) : LatchFactory(settings)
{
    public ClockedFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => TestServices.UseClock(services, Time));
    }
}
