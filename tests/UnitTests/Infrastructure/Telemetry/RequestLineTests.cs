using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Latch.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latch.UnitTests.Infrastructure.Telemetry;

/// <summary>
/// The per-request line is written from its own state instead of <c>LoggerMessage.Define</c>'s, to stop boxing and
/// string-building on every request. What readers of the line (dashboards, alarms, any other logging provider) see must
/// not change: the same JSON line, the same message, the same values, whatever the culture.
/// </summary>
public sealed class RequestLineTests
{
    public static TheoryData<string, string, int, double, string?> Lines => new()
    {
        { "GET", "/v1/users/me/", 200, 0.30519, "01JEXAMPLE0USER0ID000000000" },
        { "POST", "/v1/auth/sign-in", 401, 1234.56789, null },
        { "DELETE", "(no route)", 404, 0.05, null },
        { "OPTIONS", "/v1/auth/refresh", 204, 0.04999, "u" },
        { "PATCH", "/v1/users/me/", 503, 1e-7, "user \"quoted\"\n" },
        { new string('M', 300), "/v1/users/me/", 405, 12.25, "long-method" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void The_line_is_what_LoggerMessage_Define_wrote_under_any_culture(string method, string route, int status, double elapsedMs, string? userId)
    {
        var culture = CultureInfo.CurrentCulture;
        // The project runs with invariant globalization, so the decimal comma a German culture would bring is made by hand.
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NumberGroupSeparator = ".";
        CultureInfo.CurrentCulture = comma; // and must not reach the line
        try
        {
            var before = new Capture();
            LoggerMessage.Define<string, string, int, double, string?>(LogLevel.Information, new EventId(4000, "LogRequest"), RequestLine.OriginalFormat)(
                before, method, route, status, elapsedMs, userId, null);
            var after = new Capture();
            after.Log(LogLevel.Information, RequestLine.EventId, new RequestLine(method, route, status, elapsedMs, userId), null, RequestLine.Format);

            Assert.Equal(WithoutTimestamp(before.Json), WithoutTimestamp(after.Json));
            Assert.Equal(before.Message, after.Message);
            Assert.Equal(before.Values, after.Values);
            Assert.Equal(before.EventId, after.EventId);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void A_request_s_line_allocates_nothing_once_warm()
    {
        // Measured against the same pipeline with the line switched off, so that what the rest costs (in a Debug build
        // the middleware's async state machine is an object per call) is not counted.
        var withLine = AllocatedPerRequest(LogLevel.Information);
        var withoutLine = AllocatedPerRequest(LogLevel.None);

        // Through LoggerMessage.Define the line took 448 bytes per request (the boxed state, status and duration, an object
        // array, the message, an enumerator). Now it takes none once the runtime has optimised the code; until then (a
        // loaded test run may not get there in the rounds below) reading whether the caller is signed in costs 40 bytes:
        // ClaimsPrincipal.Identity walks its identities through IEnumerable, a boxed enumerator that only optimised code
        // keeps off the heap.
        Assert.True(withLine - withoutLine <= 40, $"{withLine:F1} bytes per request with the line, {withoutLine:F1} without");
    }

    private static double AllocatedPerRequest(LogLevel level)
    {
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new JsonLineLoggerProvider(Stream.Null)).SetMinimumLevel(level))
            .BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseRequestLogging();
        app.Run(context =>
        {
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
        var pipeline = app.Build();
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";

        Assert.True(pipeline(context).IsCompletedSuccessfully);

        // The least over rounds of a few seconds: code still running unoptimised (tier 0, before the runtime recompiles a
        // method called often) boxes where optimised code does not; a steadily serving host runs the optimised code.
        const int Requests = 1_000;
        var least = double.MaxValue;
        var until = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < until)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Requests; i++)
            {
                _ = pipeline(context);
            }

            least = Math.Min(least, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)Requests);
        }

        return least;
    }

    private static string WithoutTimestamp(string line)
    {
        using var document = JsonDocument.Parse(line);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var property in document.RootElement.EnumerateObject().Where(p => p.Name != "timestamp"))
            {
                property.WriteTo(json);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A provider's view of one line: the JSON line our formatter writes, and what any other provider reads.</summary>
    private sealed class Capture : ILogger
    {
        public string Json { get; private set; } = "";

        public string Message { get; private set; } = "";

        public List<(string Key, string? Value)> Values { get; } = [];

        public EventId EventId { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var buffer = new ArrayBufferWriter<byte>();
            JsonLogFormatter.WriteUtf8(new LogEntry<TState>(logLevel, LatchTelemetry.HttpCategory, eventId, state, exception, formatter), buffer);
            Json = Encoding.UTF8.GetString(buffer.WrittenSpan);
            Message = formatter(state, exception);
            EventId = eventId;
            var list = Assert.IsAssignableFrom<IReadOnlyList<KeyValuePair<string, object?>>>(state);
            var enumerated = new List<KeyValuePair<string, object?>>();
            foreach (var pair in (IEnumerable<KeyValuePair<string, object?>>)list)
            {
                enumerated.Add(pair);
            }

            Assert.Equal(Enumerable.Range(0, list.Count).Select(i => list[i]), enumerated); // the indexer and the enumerator agree
            Values.AddRange(enumerated.Select(pair => (pair.Key, Convert.ToString(pair.Value, CultureInfo.InvariantCulture))));
        }
    }
}
