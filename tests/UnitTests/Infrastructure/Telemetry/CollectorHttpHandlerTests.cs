using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Latch.Infrastructure.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace Latch.UnitTests.Infrastructure.Telemetry;

/// <summary>
/// The Lambda exporters' own HTTP/1.1 transport against a collector on a real socket answering the ways HTTP/1.1
/// allows: the request goes out as the SDK built it, every framing of the answer is read, a closed connection is
/// replaced, and nothing waits longer than the export timeout.
/// </summary>
public sealed class CollectorHttpHandlerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_request_goes_out_as_built_and_a_content_length_answer_is_read_on_one_kept_connection()
    {
        await using var collector = new ScriptedCollector(_ => ScriptedCollector.Ok("abc"));
        using var client = OtlpExportTransport.Create(Timeout);

        for (var i = 0; i < 3; i++)
        {
            using var response = client.Send(Post(collector.Endpoint, $"body {i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("abc", Encoding.Latin1.GetString(await response.Content.ReadAsByteArrayAsync()));
            Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        }

        var requests = collector.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.All(requests, r => Assert.Equal(1, r.Connection));
        var first = requests[0];
        Assert.Equal("POST /v1/traces HTTP/1.1", first.RequestLine);
        Assert.Equal(collector.Endpoint.Authority, first.Header("Host"));
        Assert.Equal("application/x-protobuf", first.Header("Content-Type"));
        Assert.Equal("6", first.Header("Content-Length"));
        Assert.Equal("OTel-OTLP-Exporter-Dotnet/1.0", first.Header("User-Agent"));
        Assert.Equal("value", first.Header("X-Custom"));
        Assert.Equal("body 0", Encoding.Latin1.GetString(first.Body));
    }

    [Fact]
    public async Task A_chunked_answer_with_extensions_and_trailers_is_read_whole_and_the_connection_kept()
    {
        await using var collector = new ScriptedCollector(_ => Reply.Raw(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0A\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n"));
        using var client = OtlpExportTransport.Create(Timeout);

        for (var i = 0; i < 2; i++)
        {
            using var response = client.Send(Post(collector.Endpoint, "x"));
            Assert.Equal("abc0123456789", Encoding.Latin1.GetString(await response.Content.ReadAsByteArrayAsync()));
        }

        Assert.All(collector.Requests, r => Assert.Equal(1, r.Connection));
    }

    [Fact]
    public async Task Interim_answers_are_skipped()
    {
        await using var collector = new ScriptedCollector(_ => Reply.Raw(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok"));
        using var client = OtlpExportTransport.Create(Timeout);

        using var response = client.Send(Post(collector.Endpoint, "x"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_answer_with_connection_close_or_without_a_length_ends_the_connection_and_the_next_export_opens_another()
    {
        var answers = new Queue<Reply>([
            Reply.Raw("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na", close: true),
            Reply.Raw("HTTP/1.1 200 OK\r\n\r\nuntil the end", close: true),
            ScriptedCollector.Ok("c"),
        ]);
        await using var collector = new ScriptedCollector(_ => answers.Dequeue());
        using var client = OtlpExportTransport.Create(Timeout);

        var bodies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = client.Send(Post(collector.Endpoint, $"export {i}"));
            bodies.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(["a", "until the end", "c"], bodies);
        Assert.Equal([1, 2, 3], collector.Requests.Select(r => r.Connection));
    }

    [Fact]
    public async Task A_collector_that_closes_a_kept_connection_between_exports_still_gets_the_next_export()
    {
        await using var collector = new ScriptedCollector(_ => ScriptedCollector.Ok());
        using var client = OtlpExportTransport.Create(Timeout);
        using (client.Send(Post(collector.Endpoint, "first")))
        {
        }

        // The connection is kept (no Connection: close); the collector then reads the next request on it and drops the
        // connection without a word, as a collector closing an idle connection at that moment does.
        collector.Answer = r => r.Connection == 1 ? new Reply(null, Close: true) : ScriptedCollector.Ok();
        using (client.Send(Post(collector.Endpoint, "dropped unanswered")))
        {
        }

        // The request that met the closing connection was sent again on a new one, as the request that follows it is.
        collector.Answer = _ => ScriptedCollector.Ok();
        using var response = client.Send(Post(collector.Endpoint, "third"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requests = collector.Requests.Select(r => (r.Connection, Encoding.Latin1.GetString(r.Body))).ToArray();
        Assert.Equal([(1, "first"), (1, "dropped unanswered"), (2, "dropped unanswered"), (2, "third")], requests);
    }

    [Fact]
    public async Task An_answer_cut_short_on_a_kept_connection_is_a_failure_and_the_request_is_not_sent_again()
    {
        var answers = new Queue<Reply>([ScriptedCollector.Ok(), Reply.Raw("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", close: true)]);
        await using var collector = new ScriptedCollector(_ => answers.Dequeue());
        using var client = OtlpExportTransport.Create(Timeout);
        using (client.Send(Post(collector.Endpoint, "first")))
        {
        }

        // The collector began to answer, so it had the request: sending it again could deliver its spans twice.
        var failure = Assert.Throws<HttpRequestException>(() => client.Send(Post(collector.Endpoint, "second")));

        Assert.Equal(HttpRequestError.ResponseEnded, failure.HttpRequestError);
        Assert.Equal([(1, "first"), (1, "second")], collector.Requests.Select(r => (r.Connection, Encoding.Latin1.GetString(r.Body))));
    }

    [Fact]
    public async Task A_connection_the_collector_closed_while_idle_is_replaced_before_the_export()
    {
        var answers = new Queue<Reply>([new Reply(ScriptedCollector.Ok().Bytes, Close: true), ScriptedCollector.Ok()]);
        await using var collector = new ScriptedCollector(_ => answers.Dequeue());
        using var client = OtlpExportTransport.Create(Timeout);
        using (client.Send(Post(collector.Endpoint, "first")))
        {
        }

        Assert.True(await collector.Closed.WaitAsync(Timeout));
        await Task.Delay(50); // the end of the connection reaches this side
        using var response = client.Send(Post(collector.Endpoint, "second"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([(1, "first"), (2, "second")], collector.Requests.Select(r => (r.Connection, Encoding.Latin1.GetString(r.Body))));
    }

    [Fact]
    public async Task A_collector_that_never_answers_costs_the_export_timeout_and_no_more()
    {
        await using var collector = new ScriptedCollector(_ => new Reply(null, false));
        var timeout = TimeSpan.FromMilliseconds(300);
        // Without the client's own timeout: the handler's bound is what ends the wait.
        using var client = new HttpClient(new CollectorHttpHandler(timeout)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

        for (var i = 0; i < 2; i++)
        {
            var waited = Stopwatch.StartNew();
            var failure = Assert.Throws<HttpRequestException>(() => client.Send(Post(collector.Endpoint, "x")));
            Assert.InRange(waited.Elapsed, timeout - TimeSpan.FromMilliseconds(50), timeout + TimeSpan.FromSeconds(2));
            Assert.Contains("timeout", failure.Message, StringComparison.Ordinal);
        }

        // Each timed-out connection is closed; the next export opens a new one.
        Assert.Equal([1, 2], collector.Requests.Select(r => r.Connection));
    }

    [Fact]
    public async Task A_cancelled_export_closes_the_connection_at_once()
    {
        await using var collector = new ScriptedCollector(_ => new Reply(null, false));
        using var client = new HttpClient(new CollectorHttpHandler(Timeout)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var waited = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => client.Send(Post(collector.Endpoint, "x"), cancel.Token));

        Assert.InRange(waited.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData(400, "Bad Request")]
    [InlineData(503, "Service Unavailable")]
    public async Task The_span_exporter_sees_a_collector_that_refuses_as_a_failed_export(int status, string reason)
    {
        await using var collector = new ScriptedCollector(_ => Reply.Raw($"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\n\r\n"));
        using var exporter = Exporter(collector.Endpoint);

        Assert.Equal(ExportResult.Failure, ExportOneSpan(exporter));
        collector.Answer = _ => ScriptedCollector.Ok();
        Assert.Equal(ExportResult.Success, ExportOneSpan(exporter));
        Assert.All(collector.Requests, r => Assert.Equal("application/x-protobuf", r.Header("Content-Type")));
        Assert.All(collector.Requests, r => Assert.Equal("POST /v1/traces HTTP/1.1", r.RequestLine));
    }

    [Fact]
    public void An_https_endpoint_keeps_the_sdk_client()
    {
        var options = new OtlpExporterOptions { Endpoint = new Uri("https://collector.example:4318"), Protocol = OtlpExportProtocol.HttpProtobuf };
        OtlpExportTransport.UseFor(options);
        using var client = options.HttpClientFactory();

        // The handler speaks plain HTTP only; the SDK's client is the one that can speak TLS.
        var http = new OtlpExporterOptions { Endpoint = new Uri("http://localhost:4318") };
        OtlpExportTransport.UseFor(http);
        using var own = http.HttpClientFactory();
        Assert.Throws<NotSupportedException>(() => own.Send(new HttpRequestMessage(HttpMethod.Post, "https://collector.example:4318/v1/traces")));
        Assert.IsNotType<NotSupportedException>(Record.Exception(() =>
            client.Send(new HttpRequestMessage(HttpMethod.Post, "https://127.0.0.1:1/v1/traces"))));
    }

    private static OtlpTraceExporter Exporter(Uri endpoint)
    {
        var options = new OtlpExporterOptions
        {
            Endpoint = endpoint, // set in code, it is the full address (the SDK appends /v1/traces only to OTEL_EXPORTER_OTLP_ENDPOINT)
            Protocol = OtlpExportProtocol.HttpProtobuf,
            TimeoutMilliseconds = 5000,
        };
        OtlpExportTransport.UseFor(options);
        return new OtlpTraceExporter(options);
    }

    private static ExportResult ExportOneSpan(OtlpTraceExporter exporter)
    {
        using var activity = new Activity("export me");
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.Start();
        activity.Stop();
        return exporter.Export(new Batch<Activity>([activity], 1));
    }

    private static HttpRequestMessage Post(Uri endpoint, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Encoding.Latin1.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Headers.Add("User-Agent", "OTel-OTLP-Exporter-Dotnet/1.0");
        request.Headers.Add("X-Custom", "value");
        return request;
    }
}
