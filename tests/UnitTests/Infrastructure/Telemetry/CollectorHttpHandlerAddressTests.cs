using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Latch.Infrastructure.Telemetry;

namespace Latch.UnitTests.Infrastructure.Telemetry;

/// <summary>
/// Finding the collector by name: a lookup that does not come back, and a first address that drops packets (a listener
/// whose queue is full drops the handshake's first packet, as a blackholed address does, so the connect never completes)
/// must cost no more than the export timeout, and the next address must still get its turn within it.
/// </summary>
[Collection(nameof(CollectorHttpHandlerAddressTests))]
public sealed class CollectorHttpHandlerAddressTests
{
    private static readonly Uri ByName = new("http://collector.test:4318/v1/traces");

    [Fact]
    public void A_lookup_that_never_comes_back_costs_the_export_timeout_and_no_more()
    {
        var timeout = TimeSpan.FromMilliseconds(300);
        var never = new TaskCompletionSource<IPAddress[]>();
        using var client = new HttpClient(new CollectorHttpHandler(timeout, (_, _) => never.Task)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        var waited = Stopwatch.StartNew();
        var failure = Ended(() => client.Send(Post(ByName)), TimeSpan.FromSeconds(5), never);

        var refused = Assert.IsType<HttpRequestException>(failure);
        Assert.Equal(HttpRequestError.NameResolutionError, refused.HttpRequestError);
        Assert.InRange(waited.Elapsed, timeout - TimeSpan.FromMilliseconds(50), timeout + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_cancelled_export_ends_its_lookup_at_once()
    {
        var never = new TaskCompletionSource<IPAddress[]>();
        using var client = new HttpClient(new CollectorHttpHandler(TimeSpan.FromSeconds(30), (_, _) => never.Task)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var failure = Ended(() => client.Send(Post(ByName), cancel.Token), TimeSpan.FromSeconds(5), never);

        Assert.IsAssignableFrom<OperationCanceledException>(failure);
    }

    [Fact]
    public async Task A_first_address_that_drops_packets_leaves_time_for_the_next_one()
    {
        await using var collector = new ScriptedCollector(_ => ScriptedCollector.Ok("abc"));
        var port = collector.Endpoint.Port;
        var blackholed = IPAddress.Parse("127.0.0.2");
        using var blackhole = FullQueue(new IPEndPoint(blackholed, port), out var held);
        using var _ = held;
        Assert.False(Connects(new IPEndPoint(blackholed, port), TimeSpan.FromMilliseconds(300)),
            "the full listener accepted a connection: no address that drops packets could be made here");

        // Long enough that the half left for the second address is plenty for a collector on a loaded machine.
        var timeout = TimeSpan.FromSeconds(8);
        IPAddress[] addresses = [blackholed, IPAddress.Loopback];
        using var client = new HttpClient(new CollectorHttpHandler(timeout, (_, _) => Task.FromResult(addresses))) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        var waited = Stopwatch.StartNew();
        using var response = client.Send(Post(new Uri($"http://collector.test:{port}/v1/traces")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(waited.Elapsed < timeout, $"the second address was tried only after {waited.Elapsed}");
        Assert.Single(collector.Requests);
    }

    /// <summary>
    /// What ended the call, within <paramref name="bound"/>; a call still running then fails the test, after the lookup
    /// is let go so that the call (and the handler's disposal, which waits for it) ends.
    /// </summary>
    private static Exception? Ended(Action call, TimeSpan bound, TaskCompletionSource<IPAddress[]> lookup)
    {
        var run = Task.Factory.StartNew(() => Record.Exception(call), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var ended = run.Wait(bound);
        lookup.TrySetException(new SocketException((int)SocketError.HostNotFound));
        Assert.True(ended, $"the export was still waiting after {bound}");
        return run.Result;
    }

    /// <summary>A listener with no room in its queue: the kernel drops a new connection's first packet, so it never completes.</summary>
    private static Socket FullQueue(IPEndPoint endpoint, out Socket held)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(endpoint);
        listener.Listen(0);
        held = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        held.Connect(endpoint);
        return listener;
    }

    private static bool Connects(IPEndPoint endpoint, TimeSpan within)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            return probe.ConnectAsync(endpoint).Wait(within);
        }
        catch (AggregateException)
        {
            return false;
        }
    }

    private static HttpRequestMessage Post(Uri endpoint)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Encoding.Latin1.GetBytes("x")) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return request;
    }
}

/// <summary>
/// Run alone: the connect's share of the time is ended by a timer, and tests of other classes blocking the thread pool
/// at the same moment on a loaded machine delay it, and the collector's answer, past the deadline the test checks.
/// </summary>
[CollectionDefinition(nameof(CollectorHttpHandlerAddressTests), DisableParallelization = true)]
public sealed class CollectorHttpHandlerAddressCollection;
