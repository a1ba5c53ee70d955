using System.Net;
using System.Text.Json;
using Latch.Infrastructure;

namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// The Runtime API loop of the mail-sender handler (<c>LATCH_HANDLER=mail-sender</c>): each invocation is a batch of SQS
/// records, handed one by one to the composition's <see cref="IQueueConsumer"/>; the answer is the partial batch
/// response naming the records that failed, so only those come back. Records the deadline leaves no time for are
/// named too, rather than half-sent when the function is stopped.
/// </summary>
internal sealed partial class QueueInvocationLoop(RuntimeApiClient client, IQueueConsumer consumer, LambdaRuntimeOptions options,
    StartupFailureReporter startup, IHostApplicationLifetime lifetime, IServerHooks hooks, ILogger logger)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        startup.InitFinished();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var invocation = await client.NextAsync(stopping);
                await HandleAsync(invocation, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is RuntimeApiException or HttpRequestException)
            {
                LogFatal(logger, exception.Message);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
        }
    }

    private async Task HandleAsync(Invocation invocation, CancellationToken stopping)
    {
        Environment.SetEnvironmentVariable(TraceContext.EnvironmentVariable, invocation.TraceId);
        using var scope = hooks.BeginInvocation(invocation.RequestId, invocation.TraceId, invocation.FunctionArn);
        if (!SqsEventParser.TryParse(invocation.Payload, out var records, out var error))
        {
            LogRefused(logger, invocation.RequestId, error.Type);
            Check(await client.PostInvocationErrorAsync(invocation.RequestId, error.Type, error.Message, stopping), invocation.RequestId);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (invocation.Deadline is { } deadline)
        {
            timeout.CancelAfter(Max(deadline - DateTimeOffset.UtcNow - options.DeadlineMargin, TimeSpan.Zero));
        }

        var failures = new List<SqsBatchItemFailure>();
        foreach (var record in records)
        {
            var done = false;
            if (!timeout.IsCancellationRequested)
            {
                try
                {
                    done = await consumer.HandleAsync(record.MessageId!, record.Body ?? "", timeout.Token);
                }
                catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                {
                }
            }

            if (!done)
            {
                failures.Add(new SqsBatchItemFailure(record.MessageId!));
            }
        }

        LogBatch(logger, invocation.RequestId, records.Count, failures.Count);
        var payload = JsonSerializer.SerializeToUtf8Bytes(new SqsBatchResponse(failures), LambdaJsonContext.Default.SqsBatchResponse);
        Check(await client.PostResponseAsync(invocation.RequestId, payload, stopping), invocation.RequestId);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static void Check(HttpStatusCode status, string requestId)
    {
        if (status >= HttpStatusCode.InternalServerError)
        {
            throw new RuntimeApiException($"invocation/{requestId}", status);
        }
    }

    [LoggerMessage(EventId = 9130, Level = LogLevel.Critical, Message = "The Runtime API failed ({Reason}); the runtime exits")]
    private static partial void LogFatal(ILogger logger, string reason);

    [LoggerMessage(EventId = 9131, Level = LogLevel.Error, Message = "Invocation {RequestId} is not an SQS event ({ErrorType}); reported to /error")]
    private static partial void LogRefused(ILogger logger, string requestId, string errorType);

    [LoggerMessage(EventId = 9132, Level = LogLevel.Information, Message = "Invocation {RequestId}: {Records} queue record(s), {Failures} failed")]
    private static partial void LogBatch(ILogger logger, string requestId, int records, int failures);
}
