using System.Collections;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// The state of the per-request log line. Every request writes one, so <see cref="JsonLogFormatter"/> writes it
/// straight from these fields, without boxing the status and the duration or building the message as a string first
/// (<c>LoggerMessage.Define</c> did both, several allocations per request: docs/performance.md, "Kestrel throughput").
/// Any other provider sees what it saw before: the same message, values and <c>{OriginalFormat}</c>.
/// </summary>
internal readonly struct RequestLine(string method, string route, int statusCode, double elapsedMs, string? userId)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string OriginalFormat = "HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:F1} ms user {UserId}";

    public static readonly EventId EventId = new(4000, "LogRequest");

    /// <summary>The formatter <see cref="ILogger.Log{TState}"/> takes, for providers that want the message as a string.</summary>
    public static readonly Func<RequestLine, Exception?, string> Format = static (line, _) => line.ToString();

    private static readonly JsonEncodedText MethodName = JsonEncodedText.Encode("method");
    private static readonly JsonEncodedText RouteName = JsonEncodedText.Encode("route");
    private static readonly JsonEncodedText StatusCodeName = JsonEncodedText.Encode("statusCode");
    private static readonly JsonEncodedText ElapsedMsName = JsonEncodedText.Encode("elapsedMs");
    private static readonly JsonEncodedText UserIdName = JsonEncodedText.Encode("userId");

    public string Method { get; } = method;

    public string Route { get; } = route;

    public int StatusCode { get; } = statusCode;

    public double ElapsedMs { get; } = elapsedMs;

    public string? UserId { get; } = userId;

    public int Count => 6;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("Method", Method),
        1 => new("Route", Route),
        2 => new("StatusCode", StatusCode),
        3 => new("ElapsedMs", ElapsedMs),
        4 => new("UserId", UserId),
        5 => new("{OriginalFormat}", OriginalFormat),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>The message as <c>string.Format</c> renders <see cref="OriginalFormat"/> (invariant culture, a null as "(null)").</summary>
    /// <remarks>
    /// Piece by piece rather than through an interpolated string: the handler's generic <c>AppendFormatted&lt;double&gt;</c>
    /// boxes until the runtime has optimised it, which a host's first minutes of requests would pay for.
    /// </remarks>
    public bool TryFormatMessage(Span<char> destination, out int written)
    {
        written = 0;
        return Append(destination, ref written, "HTTP ") && Append(destination, ref written, Method) &&
               Append(destination, ref written, " ") && Append(destination, ref written, Route) &&
               Append(destination, ref written, " responded ") &&
               StatusCode.TryFormat(destination[written..], out var status, default, CultureInfo.InvariantCulture) &&
               Append(destination, ref written, status, " in ") &&
               ElapsedMs.TryFormat(destination[written..], out var elapsed, "F1", CultureInfo.InvariantCulture) &&
               Append(destination, ref written, elapsed, " ms user ") &&
               Append(destination, ref written, UserId ?? "(null)");
    }

    /// <summary>The values as <see cref="JsonLogFormatter"/> writes any state's: camel-cased names, invariant text, null as "".</summary>
    public void WriteValues(Utf8JsonWriter json)
    {
        Span<char> number = stackalloc char[32];
        json.WriteString(MethodName, Method);
        json.WriteString(RouteName, Route);
        StatusCode.TryFormat(number, out var length, default, CultureInfo.InvariantCulture);
        json.WriteString(StatusCodeName, number[..length]);
        ElapsedMs.TryFormat(number, out length, default, CultureInfo.InvariantCulture);
        json.WriteString(ElapsedMsName, number[..length]);
        json.WriteString(UserIdName, UserId ?? "");
    }

    private static bool Append(Span<char> destination, ref int written, ReadOnlySpan<char> text) =>
        Append(destination, ref written, 0, text);

    /// <summary>Counts <paramref name="formatted"/> characters a number just wrote at <paramref name="written"/>, then appends <paramref name="text"/>.</summary>
    private static bool Append(Span<char> destination, ref int written, int formatted, ReadOnlySpan<char> text)
    {
        written += formatted;
        if (!text.TryCopyTo(destination[written..]))
        {
            return false;
        }

        written += text.Length;
        return true;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:F1} ms user {UserId ?? "(null)"}");

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
