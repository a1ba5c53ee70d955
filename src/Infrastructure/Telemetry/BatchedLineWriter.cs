using System.Buffers;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// Whole log lines gathered into one buffer and written to the output together: when the buffer reaches
/// <see cref="FlushBytes"/>, or at most <c>interval</c> after the first line into an empty buffer, and at once when
/// disposed (the host's graceful stop disposes its logger providers after the last request has finished) or when the
/// process exits. Under load that is one <c>write</c> for dozens of lines instead of one each, the largest share of
/// the request line's cost on Kestrel. Lines stay whole and in order: appends and writes share one lock.
/// Not for Lambda: a frozen process runs no timer, so there every line is written before <c>Log</c> returns.
/// </summary>
internal sealed class BatchedLineWriter : IDisposable
{
    /// <summary>Half a pipe's default capacity: a write this size does not wait on a slow reader for long.</summary>
    public const int FlushBytes = 32 * 1024;

    private readonly Stream _output;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private readonly ArrayBufferWriter<byte> _pending = new(FlushBytes * 2);
    private readonly Timer _timer;
    private bool _armed;
    private bool _disposed;

    public BatchedLineWriter(Stream output, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _output = output;
        _interval = interval;
        _timer = new Timer(static state => ((BatchedLineWriter)state!).Flush(), this, Timeout.Infinite, Timeout.Infinite);

        // Whatever ends the process without disposing the host (a refused setting's exit, a crash) still gets the lines.
        AppDomain.CurrentDomain.ProcessExit += OnProcessEnding;
        AppDomain.CurrentDomain.UnhandledException += OnProcessEnding;
    }

    public void Write(ReadOnlySpan<byte> line)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                WriteOut(line); // a line logged after the stop is still written, unbatched
                return;
            }

            _pending.Write(line);
            if (_pending.WrittenCount >= FlushBytes)
            {
                WritePending();
            }
            else if (!_armed)
            {
                _armed = true;
                _timer.Change(_interval, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Writes every line gathered so far before it returns.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            WritePending();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            WritePending();
            _disposed = true;
        }

        _timer.Dispose();
        AppDomain.CurrentDomain.ProcessExit -= OnProcessEnding;
        AppDomain.CurrentDomain.UnhandledException -= OnProcessEnding;
    }

    private void OnProcessEnding(object? sender, EventArgs e) => Flush();

    private void WritePending()
    {
        _armed = false; // a timer already due finds nothing to write, which is harmless
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        WriteOut(_pending.WrittenSpan);
        _pending.ResetWrittenCount();
    }

    private void WriteOut(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _output.Write(bytes);
        }
        catch (IOException)
        {
            // Standard output closed: logging must never fail a request.
        }
    }
}
