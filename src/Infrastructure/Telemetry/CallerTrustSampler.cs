using System.Net;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Trace;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// Decides for a remote parent whose caller may or may not be part of the deployment. A remote sampled flag is a
/// request to record and export, at the service's expense: it is followed only where the caller is trusted —
/// on Lambda, where the adapter makes the runtime's X-Ray header the only parent a request can have, and on
/// Kestrel when the connection comes from a configured proxy. Anyone else gets the configured ratio, applied to
/// the trace id they sent (which is kept: the trace id is how their request is found in logs).
/// </summary>
internal sealed class CallerTrustSampler(Func<bool> trusted, Sampler whenTrusted, Sampler otherwise) : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        trusted() ? whenTrusted.ShouldSample(samplingParameters) : otherwise.ShouldSample(samplingParameters);

    /// <summary>The sampler of the app: the ratio for roots and untrusted remote parents, the parent's flag otherwise.</summary>
    public static Sampler Create(double ratio, bool transportSetsTraceContext, IHttpContextAccessor requests,
        IReadOnlyList<IPAddress> knownProxies)
    {
        var byRatio = new TraceIdRatioBasedSampler(ratio);
        bool Trusted() => transportSetsTraceContext || IsKnownProxy(requests.HttpContext?.Connection.RemoteIpAddress, knownProxies);

        // An X-Ray header that made no decision (a load balancer's Root alone, or Sampled=?) leaves it to the ratio.
        bool Undecided() => requests.HttpContext?.Request.Headers[XRay.XRayTraceHeader.Name] is { Count: 1 } header &&
            XRay.XRayTraceHeader.TryParseRoot(header[0], out _, out var sampled) && sampled is null;
        return new ParentBasedSampler(byRatio,
            remoteParentSampled: new CallerTrustSampler(Trusted, new AlwaysOnSampler(), byRatio),
            remoteParentNotSampled: new CallerTrustSampler(Trusted, new CallerTrustSampler(Undecided, byRatio, new AlwaysOffSampler()), byRatio),
            localParentSampled: null,
            localParentNotSampled: null);
    }

    /// <summary>Whether the connection's own peer (not a forwarded address) is a configured proxy.</summary>
    internal static bool IsKnownProxy(IPAddress? peer, IReadOnlyList<IPAddress> knownProxies)
    {
        if (peer is null || knownProxies.Count == 0)
        {
            return false;
        }

        var address = peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
        return knownProxies.Any(proxy => address.Equals(proxy.IsIPv4MappedToIPv6 ? proxy.MapToIPv4() : proxy));
    }
}
