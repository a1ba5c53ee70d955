using Microsoft.Extensions.Logging;

namespace Latch.ApplicationTests.Ports;

/// <summary>One log entry as a sink would get it: the rendered line and every structured value beside it.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message,
    IReadOnlyList<KeyValuePair<string, object?>> State, Exception? Exception)
{
    /// <summary>Everything the entry could put in a log: the line, each value, and the exception's text.</summary>
    public string Everything => string.Join("\n", [Message, .. State.Select(p => $"{p.Key}={p.Value}"), Exception?.ToString() ?? ""]);
}

/// <summary>A logger provider that keeps every entry, at every level.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly List<LogEntry> _entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            provider.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), [.. values], exception));
        }
    }
}
