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
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            if (keepPayloads)
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector.Received.Enqueue((context.Request.Path.Value!, body.ToArray()));
            }
            else
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
            }

            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync();
        return collector;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
