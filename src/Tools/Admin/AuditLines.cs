using Microsoft.Extensions.Logging;

namespace Latch.Tools.Admin;

/// <summary>
/// The audit trail of an administrative command, written to the tool's error stream one line per event (ids and fixed
/// words only, as the API's audit lines), so whatever runs the tool — a terminal, a CI job's log — keeps the record of
/// what the operator did. Nothing else the use cases log reaches the operator's output.
/// </summary>
internal sealed class AuditLines(TextWriter output) : ILoggerProvider
{
    // The API's audit category (Latch.Infrastructure's LatchTelemetry.AuditCategory, not visible from here).
    private const string AuditCategory = "Latch.Audit";

    public ILogger CreateLogger(string categoryName) =>
        categoryName == AuditCategory ? new Writer(output) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Writer(TextWriter output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                output.WriteLine(formatter(state, exception));
            }
        }
    }
}
