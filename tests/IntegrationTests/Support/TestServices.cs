using System.Net;
using Latch.Application.Common.Interfaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Latch.IntegrationTests.Support;

/// <summary>Test doubles for what the test server lacks: a network peer and a clock the test moves.</summary>
public static class TestServices
{
    public const string PeerHeader = "X-Test-Peer";

    /// <summary>Sets the connection's remote address from <see cref="PeerHeader"/> before the app runs, as a socket would.</summary>
    public static void UsePeerHeader(IServiceCollection services) => services.AddSingleton<IStartupFilter>(new PeerFilter());

    public static void UseClock(IServiceCollection services, TimeProvider time)
    {
        services.RemoveAll<IClock>();
        services.AddSingleton<IClock>(new FakeClock(time));
    }

    private sealed class FakeClock(TimeProvider time) : IClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }

    private sealed class PeerFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[PeerHeader], out var peer))
                {
                    context.Connection.RemoteIpAddress = peer;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
