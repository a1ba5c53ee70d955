using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Latch.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latch.UnitTests.Infrastructure.Telemetry;

/// <summary>
/// The log line's shape, which dashboards and alarms read: fixed fields first, then each structured value under its
/// camel-cased name as the invariant culture writes it (null as an empty string), on one line.
/// </summary>
public sealed class JsonLogFormatterTests
{
    [Fact]
    public void Values_are_written_as_invariant_text_under_camel_cased_names()
    {
        var at = new DateTimeOffset(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);
        var id = Guid.Parse("0b0f0c9e-4f8e-4b0e-9a55-2b7d1c1d2e3f");
        KeyValuePair<string, object?>[] state =
        [
            new("Method", "GET"), new("StatusCode", 200), new("ElapsedMs", 0.30519), new("UserId", null),
            new("Big", 12345678901234L), new("Ok", true), new("At", at), new("Id", id), new("Severity", LogLevel.Warning),
            new("lower", "as is"), new("Quote", "say \"hi\"\n"), new("{OriginalFormat}", "HTTP {Method}"),
        ];

        var line = Format(new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(LogLevel.Information, "Latch.Http",
            new EventId(4000), state, null, (_, _) => "HTTP GET"));

        Assert.EndsWith("}\n", line, StringComparison.Ordinal);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        Assert.Equal(["timestamp", "level", "category", "eventId", "message", "method", "statusCode", "elapsedMs", "userId", "big", "ok", "at", "id",
            "severity", "lower", "quote"], root.EnumerateObject().Select(p => p.Name));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", root.GetProperty("timestamp").GetString());
        Assert.Equal("Information", root.GetProperty("level").GetString());
        Assert.Equal(4000, root.GetProperty("eventId").GetInt32());
        Assert.Equal("HTTP GET", root.GetProperty("message").GetString());
        var values = root.EnumerateObject().Skip(5).Select(p => p.Value.GetString()).ToArray();
        Assert.Equal(state.Take(11).Select(v => Convert.ToString(v.Value, CultureInfo.InvariantCulture)), values);
        Assert.Equal("", values[3]);
    }

    [Fact]
    public void An_exception_gives_its_type_and_stack_never_its_message()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("duplicate key: ann@example.com");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var line = Format(new LogEntry<string>(LogLevel.Error, "Latch", default, "state", thrown, (_, _) => "failed"));

        Assert.DoesNotContain("ann@example.com", line, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(line);
        Assert.Equal("System.InvalidOperationException", document.RootElement.GetProperty("exceptionType").GetString());
        Assert.Contains(nameof(An_exception_gives_its_type_and_stack_never_its_message), document.RootElement.GetProperty("exceptionStack").GetString(),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_written_one_after_another_on_a_thread_do_not_carry_anything_over()
    {
        var first = Format(new LogEntry<KeyValuePair<string, object?>[]>(LogLevel.Warning, "A", new EventId(1), [new("Name", "one")], null, (_, _) => "first"));
        var second = Format(new LogEntry<KeyValuePair<string, object?>[]>(LogLevel.Debug, "B", default, [], null, (_, _) => "second"));

        using var one = JsonDocument.Parse(first);
        using var two = JsonDocument.Parse(second);
        Assert.Equal("one", one.RootElement.GetProperty("name").GetString());
        Assert.Equal(["timestamp", "level", "category", "message"], two.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Debug", two.RootElement.GetProperty("level").GetString());
    }

    private static string Format<TState>(LogEntry<TState> entry)
    {
        var buffer = new ArrayBufferWriter<byte>();
        JsonLogFormatter.WriteUtf8(entry, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
