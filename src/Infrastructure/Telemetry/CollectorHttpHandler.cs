using System.Net;
using System.Net.Sockets;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// HTTP/1.1 over one kept-alive, blocking socket this handler owns: how the Lambda function's OTLP exporters post to
/// the collector beside it (<c>http://</c> only). One request at a time; a second caller waits for the first.
/// <para>
/// Why not <see cref="SocketsHttpHandler"/>: the exporters send synchronously, and a synchronous read that has to wait
/// on a non-blocking socket parks the thread on a new wait handle, which under Native AOT takes a monitor table entry
/// that only a full collection frees — memory that grew with every export (docs/performance.md, "Lambda warm path and
/// memory"). That handler's pool checks its idle connections every 30 s, even with no idle timeout, with an
/// asynchronous zero-byte read, which leaves the socket non-blocking for good. Here no asynchronous call ever touches
/// the socket, so every wait for the collector is the kernel's and leaves nothing behind.
/// </para>
/// <para>
/// Each request is bounded by <c>timeout</c>: the name lookup by a bounded wait, the connect by a timer that closes the
/// socket (each of the name's addresses in turn, with an equal share of the time left), each send and receive by
/// the socket's own timeouts set from the time left; a cancelled request closes the socket, which ends a blocking call.
/// <see cref="SendAsync"/> does the same blocking work on the caller's thread (and returns a completed task): an
/// asynchronous call would make the socket non-blocking.
/// </para>
/// </summary>
internal sealed class CollectorHttpHandler : HttpMessageHandler
{
    private readonly TimeSpan _timeout;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly Lock _gate = new();
    private readonly MemoryStream _request = new();
    private readonly MemoryStream _body = new();
    private Socket? _socket;
    private Http11ResponseReader? _reader;
    private int _disposed;

    public CollectorHttpHandler(TimeSpan timeout)
        : this(timeout, Dns.GetHostAddressesAsync)
    {
    }

    /// <summary>With the name lookup given: a test's resolver that is slow, or answers with addresses of its choosing.</summary>
    internal CollectorHttpHandler(TimeSpan timeout, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        if (timeout != Timeout.InfiniteTimeSpan && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive or infinite.");
        }

        _timeout = timeout;
        _resolve = resolve;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(Send(request, cancellationToken));
        }
        catch (OperationCanceledException e)
        {
            return Task.FromCanceled<HttpResponseMessage>(e.CancellationToken.IsCancellationRequested ? e.CancellationToken : cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or NotSupportedException or ObjectDisposedException)
        {
            return Task.FromException<HttpResponseMessage>(e);
        }
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri || uri.Scheme != Uri.UriSchemeHttp)
        {
            throw new NotSupportedException("This handler speaks plain HTTP/1.1 to a collector on an http:// address only.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var deadline = new Deadline(_timeout);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            Http11RequestWriter.Write(request, _request, _body, cancellationToken);

            // A kept connection the collector has closed (or sent something unasked on) reads as readable; it is
            // replaced before sending rather than after.
            if (_socket is not null && IsQuiet(_socket))
            {
                try
                {
                    return Exchange(request, deadline, cancellationToken);
                }
                catch (CollectorClosedException)
                {
                    // Closed between the check and the request, before any byte of an answer: the request was not
                    // processed, so it is sent once more, on a new connection.
                }
            }

            Connect(uri, deadline, cancellationToken);
            try
            {
                return Exchange(request, deadline, cancellationToken);
            }
            catch (CollectorClosedException e)
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The collector closed the connection without an answer.", e);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // An export in flight holds the gate for up to the timeout: closing its socket first ends its blocking call
            // now (a connect sees the flag once it has its socket), rather than the disposal waiting for it.
            Interlocked.Exchange(ref _disposed, 1);
            Interlocked.CompareExchange(ref _socket, null, null)?.Dispose();
            lock (_gate)
            {
                Close();
                _request.Dispose();
                _body.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private HttpResponseMessage Exchange(HttpRequestMessage request, Deadline deadline, CancellationToken cancellationToken)
    {
        var socket = _socket!;
        var reader = _reader!;
        var answering = false;
        try
        {
            using (cancellationToken.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket))
            {
                var bytes = _request.GetBuffer().AsSpan(0, (int)_request.Length);
                socket.SendTimeout = deadline.RemainingMilliseconds();
                while (!bytes.IsEmpty)
                {
                    bytes = bytes[socket.Send(bytes)..];
                }

                answering = true;
                var response = reader.Read(request, deadline, out var keepOpen);
                if (!keepOpen)
                {
                    Close();
                }

                return response;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or TimeoutException or CollectorClosedException
                                      or HttpRequestException)
        {
            Close();
            cancellationToken.ThrowIfCancellationRequested();
            if (e is CollectorClosedException or HttpRequestException)
            {
                throw;
            }

            if (e is TimeoutException || e is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
            {
                throw new HttpRequestException(HttpRequestError.Unknown, "The collector did not answer within the export timeout.", e);
            }

            // A reset or a broken pipe on a kept connection is the collector having closed it before reading the request.
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.Shutdown or SocketError.ConnectionAborted }
                && !(answering && reader.AnswerStarted))
            {
                throw new CollectorClosedException(e);
            }

            throw new HttpRequestException(HttpRequestError.ConnectionError, "The connection to the collector failed.", e);
        }
    }

    private void Connect(Uri uri, Deadline deadline, CancellationToken cancellationToken)
    {
        Close();
        var addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : Resolve(uri.IdnHost, deadline, cancellationToken);
        Exception? last = null;
        for (var i = 0; i < addresses.Length; i++)
        {
            var address = addresses[i];

            // A blocking connect takes no timeout: a timer or the caller's cancellation closes the socket.
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Interlocked.Exchange(ref _socket, socket);
            if (Volatile.Read(ref _disposed) != 0)
            {
                Close();
                throw new ObjectDisposedException(GetType().FullName);
            }

            var lastAddress = i == addresses.Length - 1;
            try
            {
                // Each address still to try gets an equal share of the time left: one that drops packets (its connect
                // never completes) costs its share, not the whole export timeout, and the next one is still tried.
                var left = deadline.RemainingMilliseconds(infinite: Timeout.Infinite);
                bound.CancelAfter(left == Timeout.Infinite ? left : Math.Max(1, left / (addresses.Length - i)));
                using (bound.Token.UnsafeRegister(static s => ((Socket)s!).Dispose(), socket))
                {
                    socket.Connect(address, uri.Port);
                }

                _reader = new Http11ResponseReader(socket);
                return;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or TimeoutException)
            {
                Close();
                cancellationToken.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                if (e is TimeoutException || (bound.IsCancellationRequested && lastAddress))
                {
                    throw new HttpRequestException(HttpRequestError.ConnectionError, "The collector did not accept a connection within the export timeout.", e);
                }

                last = e;
            }
        }

        throw new HttpRequestException(HttpRequestError.ConnectionError, $"No connection to the collector at {uri.IdnHost}:{uri.Port}.", last);
    }

    /// <summary>
    /// The collector's addresses, within the time left and the caller's cancellation: a lookup that does not come back
    /// (a resolver that drops queries) is left to finish on its own, unwaited for. Only a new connection looks up, so the
    /// wait handle this blocking wait may take is not paid per export.
    /// </summary>
    private IPAddress[] Resolve(string host, Deadline deadline, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var left = deadline.RemainingMilliseconds(infinite: Timeout.Infinite);
            bound.CancelAfter(left);
            var lookup = _resolve(host, bound.Token);
            if (!lookup.Wait(left, cancellationToken))
            {
                bound.Cancel();
                _ = lookup.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw new TimeoutException("The export timeout has passed.");
            }

            return lookup.Result.Length > 0
                ? lookup.Result
                : throw new HttpRequestException(HttpRequestError.NameResolutionError, $"The collector's host {host} has no address.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"The collector's host {host} did not resolve within the export timeout.");
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"The collector's host {host} did not resolve within the export timeout.", e.InnerException);
        }
        catch (TimeoutException e)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"The collector's host {host} did not resolve within the export timeout.", e);
        }
        catch (AggregateException e) when (e.InnerException is SocketException)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"The collector's host {host} did not resolve.", e.InnerException);
        }
    }

    /// <summary>True when nothing is waiting to be read: no stray bytes and no end of stream from the collector.</summary>
    private static bool IsQuiet(Socket socket)
    {
        try
        {
            return !socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _reader = null;
    }

    /// <summary>The point in time a request must be done by; infinite when the handler has no timeout.</summary>
    internal readonly struct Deadline(TimeSpan timeout)
    {
        private readonly long _at = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);

        /// <summary>The milliseconds left (at least 1), <paramref name="infinite"/> without a deadline; throws once it has passed.</summary>
        public int RemainingMilliseconds(int infinite = 0)
        {
            if (_at == long.MaxValue)
            {
                return infinite;
            }

            var left = _at - Environment.TickCount64;
            return left > 0 ? (int)Math.Min(left, int.MaxValue) : throw new TimeoutException("The export timeout has passed.");
        }
    }

    /// <summary>The collector ended the connection before any byte of an answer: the request was not processed.</summary>
    internal sealed class CollectorClosedException(Exception? inner = null)
        : IOException("The collector closed the connection before answering.", inner);
}
