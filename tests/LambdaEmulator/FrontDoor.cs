using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latch.LambdaEmulator;

/// <summary>
/// API Gateway in front of the emulated function: a real HTTP port on 127.0.0.1 where each request becomes a
/// v1 or v2 event and each result an HTTP response — so <c>curl</c> reaches the app the way it does in AWS.
/// Like API Gateway it answers 502 when the function fails and 504 when it does not answer in time.
/// </summary>
public sealed class FrontDoor : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FrontDoor(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<FrontDoor> StartAsync(RuntimeApiEmulator emulator, EventFormat format, int port = 0,
        string? stage = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var functionTimeout = timeout ?? TimeSpan.FromSeconds(29);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        app.Run(context => ForwardAsync(context, emulator, format, stage, functionTimeout));
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return new FrontDoor(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task ForwardAsync(HttpContext context, RuntimeApiEmulator emulator, EventFormat format, string? stage,
        TimeSpan functionTimeout)
    {
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = queryStart < 0 ? target : target[..queryStart];
        if (stage is not null && rawPath != "/" + stage && !rawPath.StartsWith("/" + stage + "/", StringComparison.Ordinal))
        {
            await WriteAsync(context, 404, """{"message":"Not Found"}""");
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var request = new HttpRequestData
        {
            Method = context.Request.Method,
            RawPath = rawPath,
            RawQuery = queryStart < 0 ? "" : target[(queryStart + 1)..],
            Headers = [.. context.Request.Headers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v ?? "")))],
            Body = body.ToArray(),
            SourceIp = context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
            Stage = stage,
        };

        var requestId = Guid.NewGuid().ToString();
        var pending = emulator.Enqueue(ApiGatewayEvents.Create(format, request, requestId),
            new InvocationHeaders { RequestId = requestId, Deadline = DateTimeOffset.UtcNow + functionTimeout });
        InvocationResult result;
        try
        {
            result = await pending.Result.WaitAsync(functionTimeout + TimeSpan.FromSeconds(2), context.RequestAborted);
        }
        catch (TimeoutException)
        {
            await WriteAsync(context, 504, """{"message":"Endpoint request timed out"}""");
            return;
        }

        if (result.Outcome != InvocationOutcome.Response)
        {
            await WriteAsync(context, 502, """{"message":"Internal Server Error"}""");
            return;
        }

        var response = ApiGatewayResults.Parse(format, result.Payload);
        context.Response.StatusCode = response.StatusCode;
        foreach (var group in response.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (!group.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) &&
                !group.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[group.Key] = group.Select(h => h.Value).ToArray();
            }
        }

        if (response.Body.Length > 0)
        {
            await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }
}
