using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Security.Passwords;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// The app on real Kestrel (see <see cref="KestrelFactory"/>): clients talk to it over TCP, as an attacker would.
/// Its password hasher is the real one behind <see cref="ObservedHasher"/>, which counts the passwords actually
/// checked and can hold verifications in flight; the use cases read a clock the test moves (it stands still
/// otherwise, so a back-off window cannot pass while a slow machine works through a burst).
/// </summary>
public sealed class ObservedKestrelFactory : KestrelFactory
{
    public ObservedKestrelFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    public ObservedKestrelFactory(IDictionary<string, string?> settings)
        : base(settings)
    {
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public ObservedHasher Hasher => (ObservedHasher)Services.GetRequiredService<IPasswordHasher>();

    /// <summary>A client of the real socket (a fresh connection pool per client).</summary>
    public HttpClient SocketClient() => Socket();

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
