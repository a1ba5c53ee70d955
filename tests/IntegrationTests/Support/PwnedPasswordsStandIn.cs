using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// A stand-in for the Pwned Passwords range API on a loopback port: answers <c>GET /range/{prefix}</c> with the lines set
/// for that prefix (or none), and keeps every request it was sent; it can be told to be slow or to fail.
/// </summary>
public sealed class PwnedPasswordsStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _ranges = new(StringComparer.OrdinalIgnoreCase);

    private PwnedPasswordsStandIn(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, string Query, Dictionary<string, string> Headers)> Requests { get; } = new();

    public TimeSpan Delay { get; set; }

    public int Status { get; set; } = StatusCodes.Status200OK;

    public string BaseUrl => _app.Urls.Single() + "/";

    public static async Task<PwnedPasswordsStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new PwnedPasswordsStandIn(app);
        app.MapGet("/range/{prefix}", async (string prefix, HttpContext context) =>
        {
            standIn.Requests.Enqueue((context.Request.Path.Value!, context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await Task.Delay(standIn.Delay, context.RequestAborted);
            context.Response.StatusCode = standIn.Status;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(standIn._ranges.GetValueOrDefault(prefix, "0018A45C4D1DEF81644B54AB7F969B88D65:0\r\n"));
        });
        await app.StartAsync();
        return standIn;
    }

    /// <summary>Sets the answer for the range of <paramref name="sha1Hex"/>: its suffix with <paramref name="count"/>, among padding.</summary>
    public void Answer(string sha1Hex, int count)
    {
        var lines = new List<string>
        {
            "00000000000000000000000000000000001:3",
            sha1Hex[5..] + ":" + count,
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE:0",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF:0",
        };
        _ranges[sha1Hex[..5]] = string.Join("\r\n", lines);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
