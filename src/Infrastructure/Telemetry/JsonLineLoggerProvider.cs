using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// Writes each log line (formatted by <see cref="JsonLogFormatter"/>) straight to standard output, one write per
/// line under a lock, before <c>Log</c> returns. The console logger hands every line to a writer thread instead (a
/// lock hand-off and a wake-up per line), and on Lambda a line still in its queue when the process is frozen after an
/// invocation only appears at the next thaw. Here lines stay whole and in order, and are out before the invocation ends.
/// </summary>
[ProviderAlias("Console")]
internal sealed class JsonLineLoggerProvider(Stream output) : ILoggerProvider
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private readonly Lock _gate = new();

    public JsonLineLoggerProvider()
        : this(Console.OpenStandardOutput())
    {
    }

    public ILogger CreateLogger(string categoryName) => new JsonLineLogger(categoryName, this);

    public void Dispose() => output.Flush();

    private void Write<TState>(in LogEntry<TState> entry)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        JsonLogFormatter.WriteUtf8(entry, buffer);
        lock (_gate)
        {
            try
            {
                output.Write(buffer.WrittenSpan);
            }
            catch (IOException)
            {
                // Standard output closed: logging must never fail a request.
            }
        }

        if (buffer.Capacity > 64 * 1024)
        {
            t_buffer = null; // one huge line (a long stack) does not pin its buffer to the thread
        }
    }

    private sealed class JsonLineLogger(string category, JsonLineLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
            }
        }
    }
}
