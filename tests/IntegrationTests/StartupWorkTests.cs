using Latch.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Latch.IntegrationTests;

/// <summary>Work that start-up (a Lambda cold start) does not do.</summary>
public sealed class StartupWorkTests(SharedFactory factory) : IClassFixture<SharedFactory>
{
    [Fact]
    public void No_Data_Protection_key_ring_is_loaded_at_start_up()
    {
        _ = factory.CreateClient();
        var hosted = factory.Services.GetServices<IHostedService>().Select(s => s.GetType().FullName).ToArray();
        Assert.DoesNotContain("Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService", hosted);
    }
}
