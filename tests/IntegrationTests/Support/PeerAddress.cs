using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace Latch.IntegrationTests.Support;

/// <summary>An app whose clients can say which network address they come from.</summary>
public sealed class PeerAddressFactory(IDictionary<string, string?> settings) : LatchFactory(settings)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(TestServices.UsePeerHeader);
    }

    public HttpClient ClientFrom(string peer, string? baseAddress = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(baseAddress ?? "http://localhost"),
            AllowAutoRedirect = false,
        });
        client.DefaultRequestHeaders.Add(TestServices.PeerHeader, peer);
        return client;
    }
}
