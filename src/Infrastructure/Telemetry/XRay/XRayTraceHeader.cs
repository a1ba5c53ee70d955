using System.Diagnostics;

namespace Latch.Infrastructure.Telemetry.XRay;

/// <summary>
/// The <c>X-Amzn-Trace-Id</c> header: <c>Root=1-{epoch 8 hex}-{24 hex};Parent={16 hex};Sampled={0|1}</c>.
/// Parsing follows the OpenTelemetry .NET contrib propagator: Root, Parent and Sampled are all required,
/// parts are trimmed, unknown keys (Lineage, Self, …) are ignored, the last occurrence of a key wins, and
/// anything malformed yields nothing. Keys are matched exactly, not by prefix as upstream does (where
/// <c>RootX=</c> would count as Root): a key that is not ours is not ours.
/// </summary>
internal static class XRayTraceHeader
{
    public const string Name = "X-Amzn-Trace-Id";
    private const int RootLength = 35;
    private const int SpanIdLength = 16;

    public static bool TryParse(string? header, out ActivityContext context)
    {
        context = default;
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        if (!ReadFields(header, out var root, out var parent, out var sampled))
        {
            return false;
        }

        if (!TryParseRoot(root, out var traceId) || !TryParseSpanId(parent, out var spanId) || sampled is not ("0" or "1"))
        {
            return false;
        }

        context = new ActivityContext(traceId, spanId,
            sampled == "1" ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None, isRemote: true);
        return true;
    }

    /// <summary>
    /// The trace id of a header that has a valid <c>Root</c>, whatever else it has or lacks: what an Application Load
    /// Balancer sends is <c>Root=…</c> alone (and <c>Self=…;Root=…</c> after a second hop), with no parent and no
    /// sampling decision. <paramref name="sampled"/> is the header's decision, or null when it made none.
    /// </summary>
    public static bool TryParseRoot(string? header, out ActivityTraceId traceId, out bool? sampled)
    {
        traceId = default;
        sampled = null;
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        // A malformed part does not hide the Root: a balancer's header is taken for its trace id alone.
        _ = ReadFields(header, out var root, out _, out var decision);
        sampled = decision switch { "1" => true, "0" => false, _ => null };
        return TryParseRoot(root, out traceId);
    }

    /// <summary>
    /// Root, Parent and Sampled as written (trimmed; the last occurrence wins; other keys ignored). False when a
    /// part has no <c>=</c>, though every part is still read.
    /// </summary>
    private static bool ReadFields(string header, out string? root, out string? parent, out string? sampled)
    {
        root = parent = sampled = null;
        var wellFormed = true;
        foreach (var raw in header.Split(';'))
        {
            var part = raw.Trim();
            if (part.Length == 0)
            {
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                wellFormed = false;
                continue;
            }

            var value = part[(equals + 1)..].Trim();
            switch (part[..equals].Trim())
            {
                case "Root":
                    root = value;
                    break;
                case "Parent":
                    parent = value;
                    break;
                case "Sampled":
                    sampled = value;
                    break;
            }
        }

        return wellFormed;
    }

    public static string Format(ActivityTraceId traceId, ActivitySpanId spanId, bool sampled)
    {
        var trace = traceId.ToHexString();
        return $"Root=1-{trace[..8]}-{trace[8..]};Parent={spanId.ToHexString()};Sampled={(sampled ? '1' : '0')}";
    }

    private static bool TryParseRoot(string? root, out ActivityTraceId traceId)
    {
        traceId = default;
        if (root is not { Length: RootLength } || root[0] != '1' || root[1] != '-' || root[10] != '-')
        {
            return false;
        }

        var hex = string.Concat(root.AsSpan(2, 8), root.AsSpan(11));
        if (!IsLowerHex(hex) || IsAllZero(hex))
        {
            return false;
        }

        traceId = ActivityTraceId.CreateFromString(hex);
        return true;
    }

    private static bool TryParseSpanId(string? parent, out ActivitySpanId spanId)
    {
        spanId = default;
        if (parent is not { Length: SpanIdLength } || !IsLowerHex(parent) || IsAllZero(parent))
        {
            return false;
        }

        spanId = ActivitySpanId.CreateFromString(parent);
        return true;
    }

    // Upper-case hex is refused, as ActivityTraceId itself refuses it (upstream turns the exception into "nothing").
    private static bool IsLowerHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllZero(ReadOnlySpan<char> value) => !value.ContainsAnyExcept('0');
}
