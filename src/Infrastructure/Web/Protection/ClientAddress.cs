using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Latch.Infrastructure.Web.Protection;

/// <summary>
/// Believes <c>X-Forwarded-For</c>/<c>-Proto</c> only from the configured proxies. The framework trusts
/// loopback by default; that default is cleared, so with no proxy configured the header is ignored.
/// </summary>
internal static class ClientAddress
{
    public static IApplicationBuilder UseClientAddress(this IApplicationBuilder app, IReadOnlyList<IPAddress> knownProxies)
    {
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
