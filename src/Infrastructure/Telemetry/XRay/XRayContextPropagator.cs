using System.Diagnostics;
using System.Globalization;

namespace Latch.Infrastructure.Telemetry.XRay;

/// <summary>
/// The process-wide <see cref="DistributedContextPropagator"/> that ASP.NET Core uses to parent each
/// request's activity: an incoming <c>X-Amzn-Trace-Id</c> wins (it is what API Gateway and the load
/// balancer set; a balancer's header may carry only its <c>Root</c>), then W3C <c>traceparent</c>. So the request's trace id — and the <c>traceId</c> of any
/// problem it returns — is the X-Ray trace, with or without the OpenTelemetry SDK running.
/// </summary>
internal sealed class XRayContextPropagator(DistributedContextPropagator w3c) : DistributedContextPropagator
{
    private readonly IReadOnlyCollection<string> _fields = [.. w3c.Fields, XRayTraceHeader.Name];

    public override IReadOnlyCollection<string> Fields => _fields;

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        w3c.Inject(activity, carrier, setter);
        if (activity is { IdFormat: ActivityIdFormat.W3C } && setter is not null)
        {
            setter(carrier, XRayTraceHeader.Name, XRayTraceHeader.Format(activity.TraceId, activity.SpanId, activity.Recorded));
        }
    }

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId,
        out string? traceState)
    {
        if (getter is not null)
        {
            getter(carrier, XRayTraceHeader.Name, out var value, out _);
            if (XRayTraceHeader.TryParse(value, out var context))
            {
                traceId = string.Create(CultureInfo.InvariantCulture,
                    $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{(byte)context.TraceFlags:x2}");
                traceState = null;
                return;
            }

            // A load balancer's Root with no Parent: the trace is still the request's. The parent span id is a stand-in
            // (the balancer records no span), and the missing decision reads as "not sampled", which the sampler
            // treats as no decision at all (CallerTrustSampler).
            if (XRayTraceHeader.TryParseRoot(value, out var root, out var sampled))
            {
                traceId = string.Create(CultureInfo.InvariantCulture,
                    $"00-{root.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-{(sampled == true ? "01" : "00")}");
                traceState = null;
                return;
            }
        }

        w3c.ExtractTraceIdAndState(carrier, getter, out traceId, out traceState);
    }

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) =>
        w3c.ExtractBaggage(carrier, getter);
}
