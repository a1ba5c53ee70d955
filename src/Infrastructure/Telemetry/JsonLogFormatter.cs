using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// One JSON object per line, as CloudWatch Logs reads it: timestamp, level, category, event id, message,
/// trace and span id, the Lambda request id when there is one, and the structured values. An exception
/// contributes its type and stack only: exception messages echo values (a duplicate-key error quotes the
/// email), so they never reach a log line.
/// </summary>
internal sealed class JsonLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "latch-json";

    /// <summary>The invocation being served on Lambda, set by the runtime adapter for the duration of each event.</summary>
    public static readonly AsyncLocal<string?> LambdaRequestId = new();

    // Log lines are read as JSON, never embedded in HTML: only what JSON itself requires is escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteUtf8(logEntry, buffer);
        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>The line as UTF-8, newline included, into <paramref name="buffer"/>.</summary>
    public static void WriteUtf8<TState>(in LogEntry<TState> logEntry, IBufferWriter<byte> buffer)
    {
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            if (logEntry.EventId.Id != 0)
            {
                json.WriteNumber("eventId", logEntry.EventId.Id);
            }

            json.WriteString("message", logEntry.Formatter(logEntry.State, null));
            if (Activity.Current is { } activity)
            {
                json.WriteString("traceId", activity.TraceId.ToHexString());
                json.WriteString("spanId", activity.SpanId.ToHexString());
            }

            if (LambdaRequestId.Value is { } requestId)
            {
                json.WriteString("requestId", requestId);
            }

            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    if (key != "{OriginalFormat}")
                    {
                        json.WriteString(Camel(key), Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }

            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exceptionType", exception.GetType().FullName);
                json.WriteString("exceptionStack", exception.StackTrace);
            }

            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
    }

    private static string Camel(string key) =>
        key.Length > 0 && char.IsUpper(key[0]) ? char.ToLowerInvariant(key[0]) + key[1..] : key;
}
