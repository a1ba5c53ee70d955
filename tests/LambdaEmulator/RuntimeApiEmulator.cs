using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Threading.Channels;
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
/// A local Lambda Runtime API (2018-06-01) on 127.0.0.1: <c>/runtime/invocation/next</c> hands out queued
/// events with the invocation headers, <c>/{id}/response</c>, <c>/{id}/error</c> and <c>/init/error</c> record
/// what the runtime posts. Like Lambda, it refuses a response over the payload limit with 413.
/// </summary>
public sealed class RuntimeApiEmulator : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";
    private readonly Channel<PendingInvocation> _queue = Channel.CreateUnbounded<PendingInvocation>();
    private readonly ConcurrentDictionary<string, PendingInvocation> _inFlight = new();
    private readonly TaskCompletionSource<InitError> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WebApplication _app;
    private int _nextCalls;

    private RuntimeApiEmulator(WebApplication app) => _app = app;

    /// <summary><c>host:port</c>, the value for <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string RuntimeApi { get; private set; } = "";

    /// <summary>Lambda's limit for a synchronous response is 6 MB.</summary>
    public int MaxResponseBytes { get; set; } = 6 * 1024 * 1024;

    /// <summary>When set, <c>/response</c> answers this status instead of 202 (500 is Lambda's "container error").</summary>
    public int? ForcedResponseStatus { get; set; }

    /// <summary>Completes when the runtime reports a start-up failure.</summary>
    public Task<InitError> InitError => _initError.Task;

    /// <summary>How many times the runtime has asked for the next invocation.</summary>
    public int NextCalls => Volatile.Read(ref _nextCalls);

    /// <summary>
    /// Called with the call's number (1 for the first) the moment the runtime asks for the next invocation, before
    /// anything is answered: on Lambda that request is what lets the environment be frozen, so what a test observes
    /// here is what had left the function before a freeze.
    /// </summary>
    public Action<int>? NextRequested { get; set; }

    public static async Task<RuntimeApiEmulator> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var emulator = new RuntimeApiEmulator(app);
        emulator.Map(app);
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        emulator.RuntimeApi = $"127.0.0.1:{address.Port}";
        return emulator;
    }

    /// <summary>Queues an event; its result completes when the runtime posts it.</summary>
    public PendingInvocation Enqueue(byte[] payload, InvocationHeaders? headers = null)
    {
        headers ??= new InvocationHeaders();
        var pending = new PendingInvocation(
            headers.RequestId ?? Guid.NewGuid().ToString(),
            headers.Deadline ?? DateTimeOffset.UtcNow.AddSeconds(30),
            headers.FunctionArn,
            headers.WithoutTraceId ? null : headers.TraceId ?? NewTraceId(),
            payload);
        _queue.Writer.TryWrite(pending);
        return pending;
    }

    /// <summary>Queues an event and waits for what the runtime posts for it.</summary>
    public Task<InvocationResult> InvokeAsync(byte[] payload, InvocationHeaders? headers = null, TimeSpan? timeout = null) =>
        Enqueue(payload, headers).Result.WaitAsync(timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>An X-Ray trace header as Lambda hands it to the runtime.</summary>
    public static string NewTraceId()
    {
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture);
        var root = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var parent = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return $"Root=1-{epoch}-{root};Parent={parent};Sampled=1";
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map(WebApplication app)
    {
        app.MapGet($"{Prefix}/invocation/next", NextAsync);
        app.MapPost($"{Prefix}/invocation/{{requestId}}/response", ResponseAsync);
        app.MapPost($"{Prefix}/invocation/{{requestId}}/error", ErrorAsync);
        app.MapPost($"{Prefix}/init/error", InitErrorAsync);
    }

    private async Task NextAsync(HttpContext context)
    {
        var call = Interlocked.Increment(ref _nextCalls);
        NextRequested?.Invoke(call);
        PendingInvocation pending;
        try
        {
            pending = await _queue.Reader.ReadAsync(context.RequestAborted);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            return;
        }

        _inFlight[pending.RequestId] = pending;
        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = pending.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = pending.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = pending.FunctionArn;
        if (pending.TraceId is not null)
        {
            headers["Lambda-Runtime-Trace-Id"] = pending.TraceId;
        }
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(pending.Payload);
    }

    private async Task ResponseAsync(HttpContext context, string requestId)
    {
        var body = await ReadBodyAsync(context.Request);
        if (!_inFlight.TryGetValue(requestId, out var pending))
        {
            await StatusAsync(context, 400, """{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}""");
            return;
        }

        if (ForcedResponseStatus is { } forced)
        {
            Finish(pending, InvocationOutcome.Refused, forced, body, null);
            await StatusAsync(context, forced, """{"errorMessage":"Forced by the test","errorType":"Emulator.Forced"}""");
            return;
        }

        if (body.Length > MaxResponseBytes)
        {
            Finish(pending, InvocationOutcome.Refused, 413, body, null);
            await StatusAsync(context, 413, $$"""{"errorMessage":"Exceeded maximum allowed payload size ({{MaxResponseBytes}} bytes).","errorType":"RequestEntityTooLarge"}""");
            return;
        }

        Finish(pending, InvocationOutcome.Response, 202, body, null);
        await StatusAsync(context, 202, """{"status":"OK"}""");
    }

    private async Task ErrorAsync(HttpContext context, string requestId)
    {
        var body = await ReadBodyAsync(context.Request);
        if (!_inFlight.TryGetValue(requestId, out var pending))
        {
            await StatusAsync(context, 400, """{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}""");
            return;
        }

        Finish(pending, InvocationOutcome.Error, 202, body, context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString());
        await StatusAsync(context, 202, """{"status":"OK"}""");
    }

    private async Task InitErrorAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request);
        _initError.TrySetResult(new InitError(context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString(), body));
        await StatusAsync(context, 202, """{"status":"OK"}""");
    }

    private void Finish(PendingInvocation pending, InvocationOutcome outcome, int status, byte[] payload, string? errorType)
    {
        _inFlight.TryRemove(pending.RequestId, out _);
        pending.Complete(new InvocationResult(pending.RequestId, outcome, status, payload, errorType));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static Task StatusAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }
}
