using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Latch.UnitTests.Infrastructure.Telemetry;

/// <summary>
/// A collector on a real loopback socket that speaks HTTP/1.1 byte by byte as a test scripts it: for each request it
/// reads (headers and a <c>Content-Length</c> body), <see cref="Answer"/> decides what is written back and whether the
/// connection then closes. Keeps every request with the number of the connection it came on.
/// </summary>
internal sealed class ScriptedCollector : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _accepted = [];
    private readonly Task _accepting;

    public ScriptedCollector(Func<ReceivedRequest, Reply> answer)
    {
        Answer = answer;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>What to do with a request: the bytes to write (null: nothing), then whether to close the connection.</summary>
    public Func<ReceivedRequest, Reply> Answer { get; set; }

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/traces");

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public int Connections { get; private set; }

    /// <summary>Set each time the collector closes a connection on its own (after <see cref="Reply.Close"/>).</summary>
    public SemaphoreSlim Closed { get; } = new(0);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        lock (_accepted)
        {
            _accepted.ForEach(s => s.Dispose());
        }

        _stop.Dispose();
        Closed.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            lock (_accepted)
            {
                _accepted.Add(socket);
            }

            _ = ServeAsync(socket, ++Connections);
        }
    }

    private async Task ServeAsync(Socket socket, int connection)
    {
        var pending = new List<byte>();
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                var request = await ReadRequestAsync(socket, pending, buffer, connection);
                if (request is null)
                {
                    return;
                }

                Requests.Enqueue(request);
                var reply = Answer(request);
                if (reply.Bytes is not null)
                {
                    await socket.SendAsync(reply.Bytes, _stop.Token);
                }

                if (reply.Close)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    socket.Close();
                    Closed.Release();
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task<ReceivedRequest?> ReadRequestAsync(Socket socket, List<byte> pending, byte[] buffer, int connection)
    {
        while (true)
        {
            var text = Encoding.Latin1.GetString(pending.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var lines = text[..end].Split("\r\n");
                var headers = lines.Skip(1).Select(l => (l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())).ToList();
                var length = int.Parse(headers.SingleOrDefault(h => h.Item1.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Item2 ?? "0",
                    System.Globalization.CultureInfo.InvariantCulture);
                if (pending.Count >= end + 4 + length)
                {
                    var body = pending.GetRange(end + 4, length).ToArray();
                    pending.RemoveRange(0, end + 4 + length);
                    return new ReceivedRequest(connection, lines[0], headers, body);
                }
            }

            var n = await socket.ReceiveAsync(buffer, _stop.Token);
            if (n == 0)
            {
                return null;
            }

            pending.AddRange(buffer.AsSpan(0, n));
        }
    }

    public static Reply Ok(string body = "") => new(Encoding.Latin1.GetBytes(
        $"HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: {body.Length}\r\n\r\n{body}"), false);
}

internal sealed record ReceivedRequest(int Connection, string RequestLine, List<(string Name, string Value)> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).SingleOrDefault();
}

internal sealed record Reply(byte[]? Bytes, bool Close)
{
    public static Reply Raw(string text, bool close = false) => new(Encoding.Latin1.GetBytes(text), close);
}
