using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// Creates the indexes at start-up, in the background: the host (a Lambda cold start included) never waits
/// for it, and no request does either — except the first registration, which needs the unique email index
/// (see <see cref="MongoUserRepository.TryAddAsync"/>). When the store is down it tries again, backing off.
/// It starts when the <see cref="BackgroundStartGate"/> opens (on Lambda, once the first invocation has been answered),
/// and only then makes the client: its construction, connection and monitoring would otherwise share the cold start's CPU.
/// </summary>
internal sealed partial class MongoIndexStartup(IServiceProvider services, BackgroundStartGate gate, ILogger<MongoIndexStartup> logger)
    : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await gate.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var store = services.GetRequiredService<MongoStore>();
        var delay = FirstRetry;
        while (true)
        {
            try
            {
                await store.EnsureIndexesAsync(stoppingToken);
                LogReady(logger);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a background task that threw would stop the host; every failure is logged and retried
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogFailed(logger, exception.GetType().FullName ?? "unknown", delay);
            }

            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = delay * 2 < MaxRetry ? delay * 2 : MaxRetry;
        }
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "MongoDB indexes are in place")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Creating MongoDB indexes failed with {ExceptionType}; retrying in {Delay}")]
    private static partial void LogFailed(ILogger logger, string exceptionType, TimeSpan delay);
}
