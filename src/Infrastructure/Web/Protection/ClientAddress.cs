using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Latch.Infrastructure.Web.Protection;

/// <summary>
/// Believes <c>X-Forwarded-For</c>/<c>-Proto</c> only from the configured proxies. With none configured the
/// headers are not read at all: the framework's middleware, given an empty list of proxies and networks, believes
/// every peer, so it is only added when there is a proxy to believe. Where the transport sets the client address
/// (Lambda: the event's source IP, which API Gateway takes from the connection), no header replaces it.
/// </summary>
internal static class ClientAddress
{
    public static IApplicationBuilder UseClientAddress(this IApplicationBuilder app, IReadOnlyList<IPAddress> knownProxies,
        bool transportSetsClientAddress)
    {
        if (knownProxies.Count == 0 || transportSetsClientAddress)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in knownProxies)
        {
            options.KnownProxies.Add(proxy);
        }

        return app.UseForwardedHeaders(options);
    }
}
