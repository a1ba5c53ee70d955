using System.Diagnostics;
using Latch.Infrastructure.Telemetry.XRay;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// What the Lambda host does around each invocation: one server span per event, parented by the runtime's
/// <c>Lambda-Runtime-Trace-Id</c> (the OpenTelemetry <c>xray-lambda</c> rule) and carrying the FaaS attributes;
/// the request id on every log line; and, once the response is posted and before the next event is fetched, the
/// export of every span the invocation recorded — Lambda freezes the process between events, so no span may wait in
/// a buffer. Metrics (not exported by the deployed stack) are cumulative: a sum exported later loses nothing, so they
/// go out at the end of an invocation once per export interval (<c>OTEL_METRIC_EXPORT_INTERVAL</c>, 60 s by
/// default) and when the host stops, rather than after every invocation.
/// </summary>
internal sealed class InvocationTelemetry(IServiceProvider services)
{
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(2);
    private static readonly ActivitySource Source = new(LambdaEnvironment.InvocationSource);
    private readonly string _functionName = Environment.GetEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME") ?? "latch";
    private readonly long _metricsIntervalMs = MetricsInterval();
    private readonly Lazy<(TracerProvider? Traces, MeterProvider? Metrics)> _providers =
        new(() => (services.GetService<TracerProvider>(), services.GetService<MeterProvider>()));
    private long _metricsDue;
    private int _invocations;

    /// <summary>Starts the invocation; returns the trace header the request should carry (the invocation span as its parent).</summary>
    public InvocationScope Begin(string requestId, string? runtimeTraceHeader, string? functionArn)
    {
        JsonLogFormatter.LambdaRequestId.Value = requestId;
        var coldStart = Interlocked.Increment(ref _invocations) == 1;
        var parent = XRayTraceHeader.TryParse(runtimeTraceHeader, out var context) ? context : default;
        var activity = Source.StartActivity(_functionName, ActivityKind.Server, parent);
        if (activity is null)
        {
            return new InvocationScope(this, null, runtimeTraceHeader);
        }

        activity.SetTag("faas.invocation_id", requestId);
        activity.SetTag("faas.coldstart", coldStart);
        activity.SetTag("faas.trigger", "http");
        if (functionArn is not null)
        {
            var parts = functionArn.Split(':');
            activity.SetTag("cloud.resource_id", parts.Length >= 8 ? string.Join(':', parts[..7]) : functionArn);
            if (parts.Length > 4)
            {
                activity.SetTag("cloud.account.id", parts[4]);
            }
        }

        return new InvocationScope(this, activity, XRayTraceHeader.Format(activity.TraceId, activity.SpanId, activity.Recorded));
    }

    /// <summary>
    /// The W3C <c>traceparent</c> of an X-Ray trace header (as the runtime and <see cref="Begin"/> give it), or null when
    /// the header is not a valid one; parsed by the same rules as the X-Ray propagator.
    /// </summary>
    public static string? TraceParentOf(string? xrayHeader) =>
        XRayTraceHeader.TryParse(xrayHeader, out var context)
            ? $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{(context.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00")}"
            : null;

    /// <summary>Ends the invocation and exports the spans it recorded before the process can be frozen.</summary>
    public void End(InvocationScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.Activity?.Stop();
        JsonLogFormatter.LambdaRequestId.Value = null;
        var (traces, metrics) = _providers.Value;
        traces?.ForceFlush((int)FlushTimeout.TotalMilliseconds);
        var now = Environment.TickCount64;
        if (metrics is not null && now >= Volatile.Read(ref _metricsDue))
        {
            Volatile.Write(ref _metricsDue, now + _metricsIntervalMs);
            metrics.ForceFlush((int)FlushTimeout.TotalMilliseconds);
        }
    }

    /// <summary>The standard <c>OTEL_METRIC_EXPORT_INTERVAL</c> (milliseconds), 60 s when unset or not a number.</summary>
    private static long MetricsInterval() =>
        long.TryParse(Environment.GetEnvironmentVariable("OTEL_METRIC_EXPORT_INTERVAL"), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : 60_000;
}

/// <summary>An invocation in progress: its span (when traced) and the trace header its request carries.</summary>
internal sealed class InvocationScope(InvocationTelemetry telemetry, Activity? activity, string? traceHeader) : IInvocationScope
{
    private int _ended;

    public Activity? Activity { get; } = activity;

    public string? TraceHeader { get; } = traceHeader;

    public string? TraceParent => InvocationTelemetry.TraceParentOf(TraceHeader);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            telemetry.End(this);
        }
    }
}
