using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Latch.Infrastructure.Telemetry;

namespace Latch.UnitTests.Infrastructure.Telemetry;

/// <summary>
/// The exporters' transport against a collector that misbehaves on a real socket: answers without end, answers a byte at
/// a time, requests read slowly, an IPv6 address. Each export must end within the export timeout, hold a bounded amount
/// of memory, and address the collector as HTTP/1.1 says.
/// </summary>
public sealed class CollectorHttpHandlerHostileCollectorTests
{
    [Fact]
    public async Task Endless_header_lines_are_refused_at_a_size_bound_not_held_until_the_timeout()
    {
        await using var collector = new RawCollector(async (socket, stop) =>
        {
            await RawCollector.ReadHeadAsync(socket, stop);
            await socket.SendAsync("HTTP/1.1 200 OK\r\n"u8.ToArray(), stop);
            var line = Encoding.Latin1.GetBytes($"X-Filler: {new string('a', 1000)}\r\n");
            while (!stop.IsCancellationRequested)
            {
                await socket.SendAsync(line, stop);
            }
        });
        var timeout = TimeSpan.FromSeconds(10);
        using var client = new HttpClient(new CollectorHttpHandler(timeout)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        var waited = Stopwatch.StartNew();
        var failure = Assert.Throws<HttpRequestException>(() => client.Send(Post(collector.Endpoint, "x")));

        // Held until the timeout, the headers of a fast collector would be gigabytes in a function of a few hundred MB.
        Assert.Equal(HttpRequestError.InvalidResponse, failure.HttpRequestError);
        Assert.InRange(waited.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Endless_trailer_lines_are_refused_at_a_size_bound()
    {
        await using var collector = new RawCollector(async (socket, stop) =>
        {
            await RawCollector.ReadHeadAsync(socket, stop);
            await socket.SendAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n"u8.ToArray(), stop);
            var line = Encoding.Latin1.GetBytes($"X-Trailer: {new string('a', 1000)}\r\n");
            while (!stop.IsCancellationRequested)
            {
                await socket.SendAsync(line, stop);
            }
        });
        var timeout = TimeSpan.FromSeconds(10);
        using var client = new HttpClient(new CollectorHttpHandler(timeout)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        var waited = Stopwatch.StartNew();
        var failure = Assert.Throws<HttpRequestException>(() => client.Send(Post(collector.Endpoint, "x")));

        Assert.Equal(HttpRequestError.InvalidResponse, failure.HttpRequestError);
        Assert.InRange(waited.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Interim_answers_without_end_are_refused_at_the_same_bound()
    {
        await using var collector = new RawCollector(async (socket, stop) =>
        {
            await RawCollector.ReadHeadAsync(socket, stop);
            var interim = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();
            while (!stop.IsCancellationRequested)
            {
                await socket.SendAsync(interim, stop);
            }
        });
        var timeout = TimeSpan.FromSeconds(10);
        using var client = new HttpClient(new CollectorHttpHandler(timeout)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        var waited = Stopwatch.StartNew();
        var failure = Assert.Throws<HttpRequestException>(() => client.Send(Post(collector.Endpoint, "x")));

        Assert.Equal(HttpRequestError.InvalidResponse, failure.HttpRequestError);
        Assert.InRange(waited.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Concurrent_exports_on_one_handler_each_get_their_own_answer()
    {
        await using var collector = new ScriptedCollector(r => ScriptedCollector.Ok(Encoding.Latin1.GetString(r.Body)));
        using var client = new HttpClient(new CollectorHttpHandler(TimeSpan.FromSeconds(10)));

        var bodies = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            using var response = client.Send(Post(collector.Endpoint, $"export {i}"));
            return await response.Content.ReadAsStringAsync();
        })));

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"export {i}"), bodies);
        Assert.All(collector.Requests, r => Assert.Equal(1, r.Connection));
    }

    [Fact]
    public async Task An_answer_one_byte_at_a_time_costs_the_export_timeout_in_all_not_per_receive()
    {
        await using var collector = new RawCollector(async (socket, stop) =>
        {
            await RawCollector.ReadHeadAsync(socket, stop);
            foreach (var b in "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"u8.ToArray().Concat(new byte[1000]))
            {
                await socket.SendAsync(new[] { b }, stop);
                await Task.Delay(100, stop);
            }
        });
        var timeout = TimeSpan.FromSeconds(1);
        using var client = new HttpClient(new CollectorHttpHandler(timeout)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        var waited = Stopwatch.StartNew();
        var failure = Assert.Throws<HttpRequestException>(() => client.Send(Post(collector.Endpoint, "x")));

        Assert.Contains("timeout", failure.Message, StringComparison.Ordinal);
        Assert.InRange(waited.Elapsed, timeout - TimeSpan.FromMilliseconds(50), timeout + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task An_answer_split_at_every_byte_is_read_whole()
    {
        var answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: v\r\n\r\n"u8.ToArray();
        await using var collector = new RawCollector(async (socket, stop) =>
        {
            socket.NoDelay = true;
            while (!stop.IsCancellationRequested)
            {
                if ((await RawCollector.ReadHeadAsync(socket, stop)).Length == 0)
                {
                    return;
                }

                var body = new byte[1];
                await socket.ReceiveAsync(body, stop);
                foreach (var b in answer)
                {
                    await socket.SendAsync(new[] { b }, stop);
                    await Task.Delay(1, stop);
                }
            }
        });
        using var client = new HttpClient(new CollectorHttpHandler(TimeSpan.FromSeconds(10)));

        for (var i = 0; i < 2; i++)
        {
            using var response = client.Send(Post(collector.Endpoint, "x"));
            Assert.Equal("abc", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task A_collector_that_reads_a_large_export_slowly_costs_the_export_timeout_and_no_more()
    {
        await using var collector = new RawCollector(async (socket, stop) =>
        {
            // Takes 16 KB every 100 ms: each send of the export makes a little progress, never all of it.
            var buffer = new byte[16 * 1024];
            while (!stop.IsCancellationRequested && await socket.ReceiveAsync(buffer, stop) > 0)
            {
                await Task.Delay(100, stop);
            }
        });
        var timeout = TimeSpan.FromSeconds(1);
        using var client = new HttpClient(new CollectorHttpHandler(timeout)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var body = new string('s', 32 * 1024 * 1024);

        var waited = Stopwatch.StartNew();
        var failure = Assert.Throws<HttpRequestException>(() => client.Send(Post(collector.Endpoint, body)));

        Assert.Contains("timeout", failure.Message, StringComparison.Ordinal);
        Assert.InRange(waited.Elapsed, timeout - TimeSpan.FromMilliseconds(50), timeout + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task An_ipv6_literal_endpoint_is_reached_and_named_in_brackets_in_the_host_header()
    {
        string? head = null;
        await using var collector = new RawCollector(async (socket, stop) =>
        {
            head = await RawCollector.ReadHeadAsync(socket, stop);
            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), stop);
        }, IPAddress.IPv6Loopback);
        using var client = new HttpClient(new CollectorHttpHandler(TimeSpan.FromSeconds(10)));

        using var response = client.Send(Post(collector.Endpoint, "x"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"\r\nHost: [::1]:{collector.Endpoint.Port}\r\n", head, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Content-Length: 1\r\nContent-Length: 2")]
    [InlineData("Content-Length: -1")]
    [InlineData("Content-Length: 99999999999")]
    [InlineData("Content-Length: 2000000")]
    [InlineData("Content-Length: 1, 2")]
    [InlineData("Transfer-Encoding: gzip")]
    public async Task An_answer_whose_length_cannot_be_trusted_is_refused_as_invalid(string framing)
    {
        await using var collector = new ScriptedCollector(_ => Reply.Raw($"HTTP/1.1 200 OK\r\n{framing}\r\n\r\nab"));
        using var client = new HttpClient(new CollectorHttpHandler(TimeSpan.FromSeconds(10)));

        var failure = Assert.Throws<HttpRequestException>(() => client.Send(Post(collector.Endpoint, "x")));

        Assert.Equal(HttpRequestError.InvalidResponse, failure.HttpRequestError);
    }

    [Fact]
    public async Task An_http10_answer_keeps_the_connection_only_when_it_says_keep_alive()
    {
        var answers = new Queue<Reply>([
            Reply.Raw("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\na"),
            Reply.Raw("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nb"),
            Reply.Raw("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nc"),
        ]);
        await using var collector = new ScriptedCollector(_ => answers.Dequeue());
        using var client = new HttpClient(new CollectorHttpHandler(TimeSpan.FromSeconds(10)));

        var bodies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = client.Send(Post(collector.Endpoint, "x"));
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(["a", "b", "c"], bodies);
        Assert.Equal([1, 1, 2], collector.Requests.Select(r => r.Connection));
    }

    [Fact]
    public async Task A_continue_and_then_silence_costs_the_export_timeout_and_no_more()
    {
        await using var collector = new ScriptedCollector(_ => Reply.Raw("HTTP/1.1 100 Continue\r\n\r\n"));
        var timeout = TimeSpan.FromMilliseconds(500);
        using var client = new HttpClient(new CollectorHttpHandler(timeout)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        var waited = Stopwatch.StartNew();
        var failure = Assert.Throws<HttpRequestException>(() => client.Send(Post(collector.Endpoint, "x")));

        Assert.Contains("timeout", failure.Message, StringComparison.Ordinal);
        Assert.InRange(waited.Elapsed, timeout - TimeSpan.FromMilliseconds(50), timeout + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_reset_in_the_middle_of_the_body_fails_the_export_without_sending_it_again()
    {
        var requests = 0;
        await using var collector = new RawCollector(async (socket, stop) =>
        {
            await RawCollector.ReadHeadAsync(socket, stop);
            Interlocked.Increment(ref requests);
            await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789"u8.ToArray(), stop);
            await Task.Delay(100, stop);
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        });
        using var client = new HttpClient(new CollectorHttpHandler(TimeSpan.FromSeconds(10)));

        var failure = Assert.Throws<HttpRequestException>(() => client.Send(Post(collector.Endpoint, "x")));

        Assert.NotEqual(HttpRequestError.Unknown, failure.HttpRequestError);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task A_handler_disposed_during_an_export_ends_it_at_once_instead_of_waiting_for_the_timeout()
    {
        await using var collector = new ScriptedCollector(_ => new Reply(null, false));
        var handler = new CollectorHttpHandler(TimeSpan.FromSeconds(10));
        using var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var export = Task.Run(() => client.Send(Post(collector.Endpoint, "x")));
        while (collector.Requests.IsEmpty)
        {
            await Task.Delay(10);
        }

        var waited = Stopwatch.StartNew();
        handler.Dispose();

        Assert.InRange(waited.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        await Assert.ThrowsAnyAsync<Exception>(() => export);
        Assert.InRange(waited.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    private static HttpRequestMessage Post(Uri endpoint, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Encoding.Latin1.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return request;
    }
}
