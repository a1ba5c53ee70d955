using System.Net.Sockets;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// The HTTP client the Lambda span exporter posts with: the SDK's default (a default handler, the export timeout as
/// <see cref="HttpClient.Timeout"/>), except that its connections are opened with a blocking connect.
/// <para>
/// Why: the OTLP exporter sends synchronously (<see cref="HttpClient.Send(HttpRequestMessage)"/>), here on the
/// invocation loop's thread. The handler opens its own connections asynchronously, which leaves the socket
/// non-blocking; a synchronous read on such a socket that has to wait for the collector's answer is emulated by .NET
/// with a new wait handle, and under Native AOT every wait on a new handle takes a monitor table entry (a GC handle and
/// its lock) that only a full collection frees. One export per invocation, and a function that almost never runs a
/// full collection, made that resident memory that grew without end (docs/performance.md, "Lambda warm path and
/// memory"). On a socket connected while blocking, and kept so, the reads wait in the kernel and leave nothing behind.
/// </para>
/// </summary>
internal static class OtlpExportTransport
{
    public static HttpClient Create(TimeSpan timeout) => new(new SocketsHttpHandler
    {
        ConnectCallback = ConnectBlocking,
        // With an idle timeout the pool checks its idle connections every so often with an asynchronous zero-byte read,
        // which turns the socket non-blocking for good. A connection the collector closed is found by the handler's
        // synchronous check when it is next taken from the pool, and replaced.
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        // The handler connects off the request's thread, so the request's timeout does not end a connect that hangs;
        // this does, and frees the thread that waits in it.
        ConnectTimeout = timeout,
    })
    {
        Timeout = timeout,
    };

    private static ValueTask<Stream> ConnectBlocking(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // A blocking connect takes no token; closing the socket ends it.
            using (cancellationToken.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket))
            {
                socket.Connect(context.DnsEndPoint);
            }

            return ValueTask.FromResult<Stream>(new NetworkStream(socket, ownsSocket: true));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            socket.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw;
        }
    }
}
