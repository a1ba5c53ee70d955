namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// The invocation's X-Ray trace header (<c>Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1</c>)
/// made the parent of the request's activity. It replaces whatever trace headers the client sent: in Lambda the
/// runtime's header is the trace this request belongs to, and a client must not choose trace ids.
/// </summary>
internal static class TraceContext
{
    public const string EnvironmentVariable = "_X_AMZN_TRACE_ID";
    private const string AmazonHeader = "X-Amzn-Trace-Id";

    /// <summary>The W3C <c>traceparent</c> for an X-Ray header, or null when it has no usable root and parent.</summary>
    public static string? ToTraceParent(string? xrayHeader)
    {
        if (string.IsNullOrEmpty(xrayHeader))
        {
            return null;
        }

        string? root = null, parent = null;
        var sampled = false;
        foreach (var part in xrayHeader.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                continue;
            }

            var value = part[(separator + 1)..];
            switch (part[..separator])
            {
                case "Root":
                    root = value;
                    break;
                case "Parent":
                    parent = value;
                    break;
                case "Sampled":
                    sampled = value == "1";
                    break;
            }
        }

        // Root=1-{8 hex digits of epoch seconds}-{24 hex digits}: the 32 digits together are the W3C trace id.
        if (root is not { Length: 35 } || !root.StartsWith("1-", StringComparison.Ordinal) || root[10] != '-' ||
            parent is not { Length: 16 } || !IsLowerHex(parent))
        {
            return null;
        }

        var traceId = string.Concat(root.AsSpan(2, 8), root.AsSpan(11, 24));
        if (!IsLowerHex(traceId) || traceId.All(c => c == '0') || parent.All(c => c == '0'))
        {
            return null;
        }

        return $"00-{traceId}-{parent}-{(sampled ? "01" : "00")}";
    }

    /// <summary>Puts the invocation's trace context on the request, where any propagator finds it.</summary>
    public static void Apply(IHeaderDictionary headers, string? xrayHeader)
    {
        if (ToTraceParent(xrayHeader) is not { } traceParent)
        {
            return;
        }

        headers["traceparent"] = traceParent;
        headers.Remove("tracestate");
        headers[AmazonHeader] = xrayHeader;
    }

    private static bool IsLowerHex(string value) => value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
