namespace Latch.Infrastructure;

/// <summary>What a host tells the composition about the way requests reach it.</summary>
public sealed class ApiHostOptions
{
    /// <summary>
    /// The host's transport itself establishes the client's address and the request's trace context (Lambda: the
    /// event's source IP, which API Gateway takes from the connection, and the runtime's X-Ray header). No request
    /// header may then override either: forwarding headers are never read, and the trace's sampled flag is followed.
    /// </summary>
    public bool TransportSetsClientContext { get; set; }

    /// <summary>
    /// Background start-up work waits until the first request has been answered (<see cref="BackgroundStartGate"/>):
    /// on Lambda the first client's event is already waiting when the process starts.
    /// </summary>
    public bool DefersBackgroundWork { get; set; }

    /// <summary>
    /// Zero (the default): every log line is written to standard output before the call that logs it returns, as a
    /// host that can be frozen between requests needs (Lambda). Otherwise lines are written in batches, each line
    /// within this interval and all of them when the host stops: far fewer writes for a long-running server.
    /// </summary>
    public TimeSpan LogFlushInterval { get; set; }
}
