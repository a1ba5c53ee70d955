using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Latch.IntegrationTests.Support;

/// <summary>A local listener that plays the OTLP/HTTP collector: it keeps every export it is sent.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string ContentType, byte[] Body)> Received { get; } = new();

    public string Endpoint => _app.Urls.Single();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.Received.Enqueue((context.Request.Path.Value!, context.Request.ContentType ?? "", body.ToArray()));
            context.Response.StatusCode = 200;
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Whether any span export so far carries the trace id (32 hex digits).</summary>
    public bool HasTrace(string traceId)
    {
        var bytes = Convert.FromHexString(traceId);
        return Received.Any(r => r.Path == "/v1/traces" && r.Body.AsSpan().IndexOf(bytes) >= 0);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
