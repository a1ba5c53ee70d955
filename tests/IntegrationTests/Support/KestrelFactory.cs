using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Security.Passwords;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// The app on real Kestrel, listening on a free loopback port: clients talk to it over TCP, as an attacker would.
/// Its password hasher is the real one behind <see cref="ObservedHasher"/>, which counts the passwords actually
/// checked and can hold verifications in flight; the use cases read a clock the test moves (it stands still
/// otherwise, so a back-off window cannot pass while a slow machine works through a burst).
/// </summary>
public sealed class KestrelFactory : LatchFactory
{
    public KestrelFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    public KestrelFactory(IDictionary<string, string?> settings)
        : base(settings)
    {
        UseKestrel(0);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public ObservedHasher Hasher => (ObservedHasher)Services.GetRequiredService<IPasswordHasher>();

    /// <summary>A client of the real socket (a fresh connection pool per client).</summary>
    public HttpClient SocketClient()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = Assert.Single(addresses);
        Assert.True(Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.IsLoopback && uri.Port > 0,
            $"Kestrel is not on a loopback port: {address}");
        return new HttpClient { BaseAddress = uri };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            TestServices.UseClock(services, Time);
            services.RemoveAll<IPasswordHasher>();
            services.AddSingleton<IPasswordHasher>(sp => new ObservedHasher(sp.GetRequiredService<BoundedPasswordHasher>()));
        });
    }
}
