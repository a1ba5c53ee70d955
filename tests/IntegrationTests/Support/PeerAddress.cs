using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// The test server has no TCP peer. This startup filter plays the network: it sets the connection's remote
/// address from a test-only header before the app's pipeline runs, as a real socket would.
/// </summary>
public sealed class PeerAddressFactory(IDictionary<string, string?> settings) : LatchFactory(settings)
{
    public const string Header = "X-Test-Peer";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new PeerFilter()));
    }

    public HttpClient ClientFrom(string peer, string? baseAddress = null)
    {
        var client = CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(baseAddress ?? "http://localhost"),
            AllowAutoRedirect = false,
        });
        client.DefaultRequestHeaders.Add(Header, peer);
        return client;
    }

    private sealed class PeerFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header], out var peer))
                {
                    context.Connection.RemoteIpAddress = peer;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
