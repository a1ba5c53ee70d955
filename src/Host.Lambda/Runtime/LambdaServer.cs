using System.Runtime;
using Latch.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// The <see cref="IServer"/> that replaces Kestrel: start returns at once, so hosted services and
/// <c>ApplicationStarted</c> behave as on Kestrel, and the invocation loop begins once the host has started.
/// What it needs of the app (the body limit it set for Kestrel, its timeout answer, invocation telemetry) comes
/// through the composition's <see cref="IServerHooks"/> only. The queue consumer is resolved by the mail sender only: it
/// reaches the store, whose client an API function's cold start need not build (docs/performance.md, "Lambda cold start").
/// </summary>
internal sealed partial class LambdaServer(RuntimeApiClient client, LambdaRuntimeOptions options, StartupFailureReporter startup,
    IHostApplicationLifetime lifetime, IServerHooks hooks, IServiceProvider services, ILogger<LambdaServer> logger) : IServer
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        Func<CancellationToken, Task> run;
        if (options.Handler == LambdaRuntimeOptions.MailSenderHandler)
        {
            var queue = services.GetRequiredService<IQueueConsumer>();
            run = new QueueInvocationLoop(client, queue, options, startup, lifetime, hooks, logger).RunAsync;
        }
        else
        {
            var handler = new InvocationHandler<TContext>(application, options, hooks, logger);
            run = new InvocationLoop<TContext>(client, handler, options, startup, lifetime, hooks, logger).RunAsync;
        }

        lifetime.ApplicationStarted.Register(() => _loop = Task.Run(() => run(_stopping.Token), CancellationToken.None));

        var memory = GC.GetGCMemoryInfo();
        var invariantGlobalization = AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant) && invariant;
        LogStarting(logger, options.Handler, client.Endpoint, memory.TotalAvailableMemoryBytes / (1024 * 1024), GCSettings.IsServerGC,
            GCSettings.LatencyMode, invariantGlobalization);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(EventId = 9100, Level = LogLevel.Information,
        Message = "Lambda runtime: handler {Handler}, Runtime API at {Endpoint}; GC heap limit {HeapLimitMiB} MiB, server GC {ServerGc}, latency mode {LatencyMode}, invariant globalization {InvariantGlobalization}")]
    private static partial void LogStarting(ILogger logger, string handler, string endpoint, long heapLimitMiB, bool serverGc, GCLatencyMode latencyMode,
        bool invariantGlobalization);
}
