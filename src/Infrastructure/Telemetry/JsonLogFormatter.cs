using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
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

    private static readonly string[] LevelNames = Enum.GetNames<LogLevel>();
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText CategoryName = JsonEncodedText.Encode("category");
    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("eventId");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText TraceIdName = JsonEncodedText.Encode("traceId");
    private static readonly JsonEncodedText SpanIdName = JsonEncodedText.Encode("spanId");
    private static readonly JsonEncodedText RequestIdName = JsonEncodedText.Encode("requestId");
    private static readonly JsonEncodedText ExceptionTypeName = JsonEncodedText.Encode("exceptionType");
    private static readonly JsonEncodedText ExceptionStackName = JsonEncodedText.Encode("exceptionStack");

    /// <summary>Where "yyyy-MM-ddTHH:mm:ss.fff" ends in the round-trip form of a UTC instant.</summary>
    private const int MillisecondsEnd = 23;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    [ThreadStatic]
    private static bool t_writing;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        WriteUtf8(logEntry, buffer);
        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    /// <summary>The line as UTF-8, newline included, into <paramref name="buffer"/>.</summary>
    public static void WriteUtf8<TState>(in LogEntry<TState> logEntry, IBufferWriter<byte> buffer)
    {
        // Every request writes a line: the writer is reused per thread and the fixed parts are formatted into spans,
        // so a line allocates little beyond its message (docs/performance.md, "Kestrel throughput").
        var json = t_writer is { } reused && !t_writing ? reused : null;
        if (json is null)
        {
            json = new Utf8JsonWriter(buffer, WriterOptions);
            if (!t_writing)
            {
                t_writer = json;
            }
        }
        else
        {
            json.Reset(buffer);
        }

        var outer = t_writing;
        t_writing = true;
        try
        {
            WriteObject(logEntry, json);
            json.Flush();
        }
        finally
        {
            t_writing = outer;
        }

        buffer.Write("\n"u8);
    }

    private static void WriteObject<TState>(in LogEntry<TState> logEntry, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        // The round-trip form (a fixed layout the runtime writes without parsing a pattern) cut to milliseconds:
        // yyyy-MM-ddTHH:mm:ss.fffZ, as a custom pattern would write it (which truncates too), at less cost per line.
        Span<char> text = stackalloc char[64];
        DateTime.UtcNow.TryFormat(text, out _, "O", CultureInfo.InvariantCulture);
        text[MillisecondsEnd] = 'Z';
        json.WriteString(TimestampName, text[..(MillisecondsEnd + 1)]);
        json.WriteString(LevelName, (uint)logEntry.LogLevel < LevelNames.Length ? LevelNames[(int)logEntry.LogLevel] : logEntry.LogLevel.ToString());
        json.WriteString(CategoryName, logEntry.Category);
        if (logEntry.EventId.Id != 0)
        {
            json.WriteNumber(EventIdName, logEntry.EventId.Id);
        }

        // The request line (one per request) is written from its fields; typeof(TState) is a constant wherever TState is
        // a struct, so this test and the reinterpretation cost nothing and box nothing.
        var isRequestLine = typeof(TState) == typeof(RequestLine);
        if (isRequestLine)
        {
            var state = logEntry.State;
            WriteMessage(json, Unsafe.As<TState, RequestLine>(ref state));
        }
        else
        {
            json.WriteString(MessageName, logEntry.Formatter(logEntry.State, null));
        }

        if (Activity.Current is { } activity)
        {
            json.WriteString(TraceIdName, activity.TraceId.ToHexString());
            json.WriteString(SpanIdName, activity.SpanId.ToHexString());
        }

        if (LambdaRequestId.Value is { } requestId)
        {
            json.WriteString(RequestIdName, requestId);
        }

        if (isRequestLine)
        {
            var state = logEntry.State;
            Unsafe.As<TState, RequestLine>(ref state).WriteValues(json);
        }
        else if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                if (key != "{OriginalFormat}")
                {
                    WriteValue(json, key, value);
                }
            }
        }

        if (logEntry.Exception is { } exception)
        {
            json.WriteString(ExceptionTypeName, exception.GetType().FullName);
            json.WriteString(ExceptionStackName, exception.StackTrace);
        }

        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, in RequestLine line)
    {
        Span<char> message = stackalloc char[256];
        if (line.TryFormatMessage(message, out var length))
        {
            json.WriteString(MessageName, message[..length]);
        }
        else
        {
            json.WriteString(MessageName, line.ToString()); // a method or route too long for the buffer
        }
    }

    /// <summary>The value as <see cref="Convert.ToString(object, IFormatProvider)"/> writes it, under the camel-cased key.</summary>
    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        Span<char> name = stackalloc char[Math.Min(key.Length, 128)];
        if (key.Length > name.Length)
        {
            json.WritePropertyName(Camel(key));
        }
        else
        {
            key.CopyTo(name);
            if (name.Length > 0 && char.IsUpper(name[0]))
            {
                name[0] = char.ToLowerInvariant(name[0]);
            }

            json.WritePropertyName(name);
        }

        Span<char> text = stackalloc char[64];
        switch (value)
        {
            case string s:
                json.WriteStringValue(s);
                break;
            case ISpanFormattable formattable when formattable.TryFormat(text, out var length, default, CultureInfo.InvariantCulture):
                json.WriteStringValue(text[..length]);
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static string Camel(string key) =>
        key.Length > 0 && char.IsUpper(key[0]) ? char.ToLowerInvariant(key[0]) + key[1..] : key;
}
