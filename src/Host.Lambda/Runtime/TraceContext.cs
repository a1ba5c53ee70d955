using Latch.Infrastructure;

namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// The invocation's X-Ray trace header (<c>Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1</c>)
/// made the parent of the request's activity. It replaces whatever trace headers the client sent: in Lambda the
/// runtime's header is the trace this request belongs to, and a client must not choose trace ids. Without a
/// runtime header the client's trace headers are removed all the same: the request then starts its own trace.
/// </summary>
internal static class TraceContext
{
    public const string EnvironmentVariable = "_X_AMZN_TRACE_ID";
    private const string AmazonHeader = "X-Amzn-Trace-Id";

    /// <summary>Puts the invocation's trace context on the request, where any propagator finds it.</summary>
    public static void Apply(IHeaderDictionary headers, IInvocationScope invocation)
    {
        headers.Remove("tracestate");
        if (invocation.TraceParent is not { } traceParent)
        {
            headers.Remove("traceparent");
            headers.Remove(AmazonHeader);
            return;
        }

        headers["traceparent"] = traceParent;
        headers[AmazonHeader] = invocation.TraceHeader;
    }
}
