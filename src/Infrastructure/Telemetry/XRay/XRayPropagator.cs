using System.Diagnostics;
using OpenTelemetry.Context.Propagation;

namespace Latch.Infrastructure.Telemetry.XRay;

/// <summary>The OpenTelemetry propagator for <c>X-Amzn-Trace-Id</c> (outgoing calls, and extraction for the SDK).</summary>
internal sealed class XRayPropagator : TextMapPropagator
{
    private static readonly HashSet<string> HeaderFields = [XRayTraceHeader.Name];

    public override ISet<string> Fields => HeaderFields;

    public override PropagationContext Extract<T>(PropagationContext context, T carrier, Func<T, string, IEnumerable<string>?> getter)
    {
        ArgumentNullException.ThrowIfNull(getter);
        if (context.ActivityContext.TraceId != default && context.ActivityContext.SpanId != default || carrier is null)
        {
            return context;
        }

        var values = getter(carrier, XRayTraceHeader.Name)?.ToArray();
        return values is [var single] && XRayTraceHeader.TryParse(single, out var parsed)
            ? new PropagationContext(parsed, context.Baggage)
            : context;
    }

    public override void Inject<T>(PropagationContext context, T carrier, Action<T, string, string> setter)
    {
        ArgumentNullException.ThrowIfNull(setter);
        var activity = context.ActivityContext;
        if (activity.TraceId == default || activity.SpanId == default || carrier is null)
        {
            return;
        }

        // An HTTP request that already carries a trace header keeps it, as upstream does.
        if (carrier is HttpRequestMessage request && request.Headers.Contains(XRayTraceHeader.Name))
        {
            return;
        }

        setter(carrier, XRayTraceHeader.Name,
            XRayTraceHeader.Format(activity.TraceId, activity.SpanId, (activity.TraceFlags & ActivityTraceFlags.Recorded) != 0));
    }
}
