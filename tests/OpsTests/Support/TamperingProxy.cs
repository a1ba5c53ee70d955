using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latch.OpsTests.Support;

/// <summary>What the proxy does to the traffic it forwards.</summary>
public sealed record Tampering
{
    /// <summary>
    /// Answer every CORS preflight itself with <c>Access-Control-Allow-Origin: *</c> and add that header to every
    /// response: what an API Gateway configured with <c>cors: true</c> (or a CDN rule) does in front of the app.
    /// </summary>
    public bool WildcardCors { get; init; }

    /// <summary>Response headers removed on the way back.</summary>
    public IReadOnlyList<string> StripHeaders { get; init; } = [];

    /// <summary>Paths answered with 500 instead of being forwarded.</summary>
    public IReadOnlyList<string> FailPaths { get; init; } = [];
}

/// <summary>
/// A reverse proxy on a real socket in front of a real Latch, changing one thing about its answers. The app itself
/// refuses to start with a <c>*</c> origin (see the tests), so a misconfigured edge is the way a deployed Latch
/// ends up answering <c>*</c>, and this is how the tests stand one up.
/// </summary>
public sealed class TamperingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private TamperingProxy(WebApplication app, HttpClient client, Uri baseUrl)
    {
        _app = app;
        _client = client;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<TamperingProxy> StartAsync(Uri target, Tampering tampering)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();

        // Its own client address, so its traffic has a rate-limit bucket of its own at the app.
        var client = new HttpClient(Loopback.Handler()) { Timeout = TimeSpan.FromSeconds(30) };
        app.Run(async context =>
        {
            try
            {
                await ForwardAsync(context, client, target, tampering);
            }
            catch (Exception exception)
            {
                Console.Error.WriteLine($"proxy: {context.Request.Method} {context.Request.Path}: {exception}");
                throw;
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TamperingProxy(app, client, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }

    private static async Task ForwardAsync(HttpContext context, HttpClient client, Uri target, Tampering tampering)
    {
        var incoming = context.Request;
        if (tampering.FailPaths.Contains(incoming.Path.Value ?? ""))
        {
            context.Response.StatusCode = 500;
            return;
        }

        if (tampering.WildcardCors && HttpMethods.IsOptions(incoming.Method) && incoming.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            context.Response.StatusCode = 200;
            context.Response.Headers["Access-Control-Allow-Origin"] = "*";
            context.Response.Headers["Access-Control-Allow-Methods"] = "OPTIONS,GET,POST,PATCH,DELETE";
            context.Response.Headers["Access-Control-Allow-Headers"] = "Content-Type,Authorization";
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(target, incoming.Path + incoming.QueryString));
        if (incoming.ContentLength > 0 || incoming.Headers.ContainsKey("Transfer-Encoding"))
        {
            var body = new MemoryStream();
            await incoming.Body.CopyToAsync(body);
            body.Position = 0;
            request.Content = new StreamContent(body);
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        using var response = await client.SendAsync(request);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name) && !tampering.StripHeaders.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (tampering.WildcardCors)
        {
            context.Response.Headers["Access-Control-Allow-Origin"] = "*";
        }

        if (response.StatusCode is not (System.Net.HttpStatusCode.NoContent or System.Net.HttpStatusCode.NotModified))
        {
            await response.Content.CopyToAsync(context.Response.Body);
        }
    }
}
