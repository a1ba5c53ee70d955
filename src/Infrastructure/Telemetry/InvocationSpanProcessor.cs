using System.Diagnostics;
using OpenTelemetry;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// The span processor on Lambda: the spans the sampler keeps wait in memory until the invocation ends, then leave in
/// one export on the invocation loop's own thread (<see cref="InvocationTelemetry.End"/>: after the response is
/// posted, before the next event is asked for, so before Lambda can freeze the process). The SDK's batch processor
/// would do the same through its worker thread, a signal there and a wait for the signal back — two thread switches
/// per invocation on a fraction of a vCPU, and a one-second poll when the signal back is missed (docs/performance.md,
/// "Lambda warm path and memory").
/// Spans that end between two invocations (work an invocation left running) go out with the next invocation's.
/// </summary>
internal sealed class InvocationSpanProcessor(BaseExporter<Activity> exporter) : BaseExportProcessor<Activity>(exporter)
{
    /// <summary>The SDK batch processor's default queue: more spans than this between two flushes are dropped, and counted.</summary>
    public const int MaxPending = 2048;

    private readonly Lock _pendingGate = new();
    private readonly Lock _exportGate = new();
    private Activity[] _pending = new Activity[16];
    private Activity[] _exporting = new Activity[16];
    private int _count;
    private long _dropped;

    /// <summary>Spans refused because <see cref="MaxPending"/> were already waiting.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Spans waiting for the end of the invocation.</summary>
    public int Pending
    {
        get
        {
            lock (_pendingGate)
            {
                return _count;
            }
        }
    }

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Recorded)
        {
            OnExport(data);
        }
    }

    protected override void OnExport(Activity data)
    {
        lock (_pendingGate)
        {
            if (_count == MaxPending)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }

            if (_count == _pending.Length)
            {
                Array.Resize(ref _pending, Math.Min(_pending.Length * 2, MaxPending));
            }

            _pending[_count++] = data;
        }
    }

    /// <summary>Exports what is waiting, on the calling thread; the exporter's own timeout bounds the wait.</summary>
    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        lock (_exportGate)
        {
            int count;
            lock (_pendingGate)
            {
                count = _count;
                if (count == 0)
                {
                    return true;
                }

                // Two arrays swapped in turn: spans that end during the export wait in the other one, and a steady
                // stream of invocations allocates nothing here.
                (_pending, _exporting) = (_exporting, _pending);
                _count = 0;
            }

            try
            {
                return exporter.Export(new Batch<Activity>(_exporting, count)) == ExportResult.Success;
            }
            finally
            {
                Array.Clear(_exporting, 0, count);
            }
        }
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        var flushed = OnForceFlush(timeoutMilliseconds);
        return exporter.Shutdown(timeoutMilliseconds) && flushed;
    }
}
