using Microsoft.Extensions.Options;

namespace Latch.Infrastructure;

/// <summary>
/// Start-up work that no request waits for (the store's connection and index creation) waits for this gate. On a
/// server that serves invocations (<see cref="ApiHostOptions.DefersBackgroundWork"/>: Lambda) it opens when the first
/// invocation has been answered: on a cold start the first client's event is already queued, and at 0.145 vCPU every
/// millisecond of CPU spent beside it delays its answer by seven (docs/performance.md, "Lambda cold start"). Elsewhere
/// it is open from the start. A request that needs the store connects on its own, as it always could.
/// </summary>
public sealed class BackgroundStartGate
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public BackgroundStartGate(IOptions<ApiHostOptions> host)
    {
        if (!host.Value.DefersBackgroundWork)
        {
            Open();
        }
    }

    public bool IsOpen => _opened.Task.IsCompleted;

    public Task WaitAsync(CancellationToken cancellationToken) => _opened.Task.WaitAsync(cancellationToken);

    public void Open() => _opened.TrySetResult();

    /// <summary>An invocation's scope that opens the gate when the invocation ends (its response posted, its spans exported).</summary>
    internal IInvocationScope OpenAfter(IInvocationScope invocation) => IsOpen ? invocation : new OpeningScope(invocation, this);

    private sealed class OpeningScope(IInvocationScope inner, BackgroundStartGate gate) : IInvocationScope
    {
        public string? TraceHeader => inner.TraceHeader;

        public string? TraceParent => inner.TraceParent;

        public void Dispose()
        {
            inner.Dispose();
            gate.Open();
        }
    }
}
