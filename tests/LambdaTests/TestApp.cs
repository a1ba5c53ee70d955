using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Latch.Application;
using Latch.Host.Lambda.Runtime;
using Latch.Infrastructure;
using Latch.LambdaEmulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Latch.LambdaTests;

/// <summary>
/// The app as Program.cs composes it, on the same Lambda server, in this process, plus endpoints the product does
/// not have: an echo of the request as the app sees it, a binary body, a 204, two cookies, a throw, slow answers.
/// </summary>
public sealed class TestApp : IAsyncLifetime
{
    public const string BasePath = "/mapped";
    private WebApplication? _app;
    private string? _data;
    private int _warmUps;

    public RuntimeApiEmulator Emulator { get; private set; } = null!;

    /// <summary>Requests the adapter sent through the pipeline during init, before the first invocation.</summary>
    public int WarmUps => Volatile.Read(ref _warmUps);

    /// <summary>Every log line, so tests can see what the adapter reported.</summary>
    internal ConcurrentQueue<string> Log { get; } = new();

    public async Task InitializeAsync()
    {
        Emulator = await RuntimeApiEmulator.StartAsync();
        _data = Directory.CreateTempSubdirectory("latch-lambda-app-").FullName;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.UseLambdaRuntime(options =>
        {
            options.RuntimeApi = Emulator.RuntimeApi;
            options.BasePath = BasePath;
            // Twice Lambda's margin: two cores shared with parallel test processes are slower than one warm function.
            options.DeadlineMargin = TimeSpan.FromSeconds(2);
        });
        builder.Services.AddApplication();
        builder.AddInfrastructure();
        builder.Configuration["Storage:Sqlite:Path"] = Path.Combine(_data, "app.db");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new QueueLoggerProvider(Log));

        _app = builder.Build();
        _app.Use((context, next) =>
        {
            if (context.TraceIdentifier == "warm-up")
            {
                Interlocked.Increment(ref _warmUps);
            }

            return next(context);
        });
        _app.MapApi();
        MapTestEndpoints(_app);
        await _app.StartAsync();
        await Emulator.WaitUntilReadyAsync(() => string.Join('\n', Log));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await Emulator.DisposeAsync();
        if (_data is not null)
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    private static void MapTestEndpoints(WebApplication app)
    {
        app.MapGet("/binary", () => Results.Bytes([.. Enumerable.Range(0, 256).Select(i => (byte)i)], "application/octet-stream"));
        app.MapGet("/gzip", (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
            {
                gzip.Write("{\"compressed\":true}"u8);
            }

            context.Response.Headers.ContentEncoding = "gzip";
            return Results.Bytes(buffer.ToArray(), "application/json");
        });
        app.MapGet("/text", () => Results.Text("héllo, wörld", "text/plain; charset=utf-8"));
        app.MapGet("/big", () => Results.Text(new string('x', 4096), "text/plain"));
        app.MapGet("/nocontent", () => Results.NoContent());
        app.MapGet("/cookies", (HttpContext context) =>
        {
            context.Response.Cookies.Append("a", "1", new CookieOptions { HttpOnly = true });
            context.Response.Cookies.Append("b", "2", new CookieOptions { Path = "/x" });
            return Results.Ok();
        });
        app.MapGet("/throw", IResult () => throw new InvalidOperationException("boom"));
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return Results.Ok();
        });
        app.MapGet("/stubborn", async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(8), CancellationToken.None);
            return Results.Ok();
        });
        app.MapPost("/limited", async (HttpContext context) =>
        {
            context.Features.GetRequiredFeature<IHttpMaxRequestBodySizeFeature>().MaxRequestBodySize = 8;
            await context.Request.Body.CopyToAsync(Stream.Null);
            return Results.Ok();
        });
        app.Map("/{**path}", EchoAsync);
    }

    /// <summary>The request exactly as the app sees it.</summary>
    private static async Task EchoAsync(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);

        var query = new JsonObject();
        foreach (var (key, values) in request.Query)
        {
            query[key] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
        }

        var headers = new JsonObject();
        foreach (var (name, values) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
        }

        var activity = Activity.Current;
        var echo = new JsonObject
        {
            ["method"] = request.Method,
            ["scheme"] = request.Scheme,
            ["host"] = request.Host.Value,
            ["pathBase"] = request.PathBase.Value,
            ["path"] = request.Path.Value,
            ["rawTarget"] = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            ["queryString"] = request.QueryString.Value,
            ["query"] = query,
            ["headers"] = headers,
            ["contentLength"] = request.ContentLength,
            ["body"] = Convert.ToBase64String(body.ToArray()),
            ["remoteIp"] = context.Connection.RemoteIpAddress?.ToString(),
            ["traceId"] = activity?.TraceId.ToHexString(),
            ["parentSpanId"] = activity?.ParentSpanId.ToHexString(),
            ["xrayEnvironment"] = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(echo.ToJsonString(), Encoding.UTF8);
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(categoryName, log);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(string category, ConcurrentQueue<string> log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => log.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
    }
}
