using System.Net;
using System.Net.Sockets;

namespace Latch.OpsTests.Support;

/// <summary>
/// HTTP handlers whose connections leave from a chosen loopback address (127.0.0.N). The app limits per client IP,
/// so each test gets a rate-limit bucket of its own on a shared instance.
/// </summary>
internal static class Loopback
{
    private static int _next = 10;

    public static IPAddress NextClientAddress() => new([127, 0, 0, (byte)Interlocked.Increment(ref _next)]);

    public static SocketsHttpHandler Handler(IPAddress? from = null)
    {
        var local = from ?? NextClientAddress();
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }
}
