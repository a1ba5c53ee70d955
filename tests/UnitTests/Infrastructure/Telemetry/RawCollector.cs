using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Latch.UnitTests.Infrastructure.Telemetry;

/// <summary>
/// A collector on a real socket whose every connection is handed to a script as it is: for answers that are written
/// over time (a byte at a time, without end) or requests that are read slowly, which <see cref="ScriptedCollector"/>'s
/// one reply per request cannot express.
/// </summary>
internal sealed class RawCollector : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _accepted = [];
    private readonly List<Task> _scripts = [];
    private readonly Task _accepting;

    public RawCollector(Func<Socket, CancellationToken, Task> script, IPAddress? address = null)
    {
        _listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync(script);
    }

    public Uri Endpoint
    {
        get
        {
            var local = (IPEndPoint)_listener.LocalEndpoint;
            var host = local.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{local.Address}]" : local.Address.ToString();
            return new Uri($"http://{host}:{local.Port}/v1/traces");
        }
    }

    /// <summary>The request's head (up to the empty line) as text; the body is left unread.</summary>
    public static async Task<string> ReadHeadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await socket.ReceiveAsync(one, cancellationToken) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_accepted)
        {
            _accepted.ForEach(s => s.Dispose());
        }

        try
        {
            await Task.WhenAll([_accepting, .. _scripts]);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<Socket, CancellationToken, Task> script)
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            lock (_accepted)
            {
                _accepted.Add(socket);
                _scripts.Add(Task.Run(() => script(socket, _stop.Token)));
            }
        }
    }
}
