using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// Writes each log line (formatted by <see cref="JsonLogFormatter"/>) straight to standard output, one write per
/// line under a lock, before <c>Log</c> returns. The console logger hands every line to a writer thread instead (a
/// lock hand-off and a wake-up per line), and on Lambda a line still in its queue when the process is frozen after an
/// invocation only appears at the next thaw. Here lines stay whole and in order, and are out before the invocation ends.
/// A host that is never frozen (Kestrel) may instead give a <c>flushInterval</c>: lines are then written in batches,
/// each within that interval, all of them by the time the provider is disposed (<see cref="BatchedLineWriter"/>).
/// </summary>
[ProviderAlias("Console")]
internal sealed class JsonLineLoggerProvider : ILoggerProvider
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    private readonly Stream _output;
    private readonly BatchedLineWriter? _batch;
    private readonly Lock _gate = new();

    public JsonLineLoggerProvider(Stream output, TimeSpan flushInterval = default)
    {
        _output = output;
        _batch = flushInterval > TimeSpan.Zero ? new BatchedLineWriter(output, flushInterval) : null;
    }

    public ILogger CreateLogger(string categoryName) => new JsonLineLogger(categoryName, this);

    public void Dispose()
    {
        _batch?.Dispose();
        _output.Flush();
    }

    private void Write<TState>(in LogEntry<TState> entry)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        JsonLogFormatter.WriteUtf8(entry, buffer);
        if (_batch is not null)
        {
            _batch.Write(buffer.WrittenSpan);
        }
        else
        {
            lock (_gate)
            {
                try
                {
                    _output.Write(buffer.WrittenSpan);
                }
                catch (IOException)
                {
                    // Standard output closed: logging must never fail a request.
                }
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
