using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Latch.LambdaEmulator;

/// <summary>
/// Stands in for the ADOT collector layer beside a function: accepts OTLP/HTTP exports on 127.0.0.1 and answers an
/// empty success. With <c>keepPayloads</c>, every export's path and body are kept in <see cref="Received"/> for a test
/// to read; without, they are read and dropped (a benchmark's long run must not grow the collector).
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _rejected;
    private int _accepted;

    private OtlpCollector(WebApplication app) => _app = app;

    /// <summary>The base URL to hand the function as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, without a trailing slash.</summary>
    public string Endpoint => _app.Urls.Single().TrimEnd('/');

    /// <summary>The exports received so far, oldest first (empty without <c>keepPayloads</c>).</summary>
    public ConcurrentQueue<(string Path, byte[] Body)> Received { get; } = new();

    public static async Task<OtlpCollector> StartAsync(bool keepPayloads = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/{signal}", async (HttpContext context, string signal) =>
        {
            // What the ADOT collector's OTLP/HTTP receiver requires: a known signal, the protobuf media type, and a body
            // that is a whole protobuf message (its resource_spans / resource_metrics, field 1, each complete).
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (signal is not ("traces" or "metrics" or "logs"))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (context.Request.ContentType != "application/x-protobuf")
            {
                Interlocked.Increment(ref collector._rejected);
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return;
            }

            if (!IsExportRequest(body.GetBuffer().AsSpan(0, (int)body.Length)))
            {
                Interlocked.Increment(ref collector._rejected);
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            Interlocked.Increment(ref collector._accepted);
            if (keepPayloads)
            {
                collector.Received.Enqueue((context.Request.Path.Value!, body.ToArray()));
            }

            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        return collector;
    }

    /// <summary>Exports taken, kept or not.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Exports refused for their media type or a body that is not a whole export request.</summary>
    public int Rejected => Volatile.Read(ref _rejected);

    /// <summary>
    /// An OTLP export request on the wire: only field 1 (the resource spans or metrics), length-delimited, each one
    /// ending inside the body, and nothing after the last.
    /// </summary>
    private static bool IsExportRequest(ReadOnlySpan<byte> message)
    {
        while (!message.IsEmpty)
        {
            if (!TryReadVarint(ref message, out var tag) || tag != (1 << 3 | 2) || !TryReadVarint(ref message, out var length)
                || length > (ulong)message.Length)
            {
                return false;
            }

            message = message[(int)length..];
        }

        return true;
    }

    private static bool TryReadVarint(ref ReadOnlySpan<byte> message, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && !message.IsEmpty; shift += 7)
        {
            var b = message[0];
            message = message[1..];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
