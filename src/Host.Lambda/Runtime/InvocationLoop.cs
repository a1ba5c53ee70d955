using System.Net;
using System.Text;
using System.Text.Json;
using Latch.Infrastructure;

namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// The Runtime API loop: warm up, then fetch an invocation, answer it, and fetch the next — until the host stops or
/// the Runtime API says the environment is broken, which ends the process with a failure exit code.
/// </summary>
internal sealed partial class InvocationLoop<TContext>(RuntimeApiClient client, InvocationHandler<TContext> handler,
    LambdaRuntimeOptions options, StartupFailureReporter startup, IHostApplicationLifetime lifetime,
    IServerHooks hooks, ILogger logger)
    where TContext : notnull
{
    public async Task RunAsync(CancellationToken stopping)
    {
        await WarmUpAsync();
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
        // Ended after the response is posted and before the next event is fetched: a frozen process exports nothing.
        using var scope = hooks.BeginInvocation(invocation.RequestId, invocation.TraceId, invocation.FunctionArn);
        if (!EventParser.TryParse(invocation.Payload, options.BasePath, out var request, out var error))
        {
            LogRefused(logger, invocation.RequestId, error.Type);
            Check(await client.PostInvocationErrorAsync(invocation.RequestId, error.Type, error.Message, stopping),
                "error", invocation.RequestId, 0);
            return;
        }

        // The invocation span (when traced) is the request's parent; otherwise the runtime's header itself.
        TraceContext.Apply(request.Headers, scope);
        await handler.HandleAsync(request, invocation.RequestId, invocation.Deadline, async payload =>
            Check(await client.PostResponseAsync(invocation.RequestId, payload, stopping), "response", invocation.RequestId, payload.Length));
    }

    /// <summary>202 is the norm; a refused payload costs this invocation only; a 5xx means the environment is gone.</summary>
    private void Check(HttpStatusCode status, string call, string requestId, int bytes)
    {
        switch (status)
        {
            case HttpStatusCode.Accepted:
                return;
            case HttpStatusCode.RequestEntityTooLarge:
                LogTooLarge(logger, requestId, bytes);
                return;
            case >= HttpStatusCode.InternalServerError:
                throw new RuntimeApiException($"invocation/{requestId}/{call}", status);
            default:
                LogRejected(logger, call, requestId, (int)status);
                return;
        }
    }

    /// <summary>
    /// A request in each payload format through the parser, the whole pipeline and the serializer during init,
    /// which Lambda runs at full speed before any client waits: the first invocation finds it all warm.
    /// </summary>
    private async Task WarmUpAsync()
    {
        if (string.IsNullOrEmpty(options.WarmupPath))
        {
            return;
        }

        var path = JsonSerializer.Serialize(options.WarmupPath, LambdaJsonContext.Default.String);
        string[] events =
        [
            """{"version":"2.0","rawPath":""" + path + ""","requestContext":{"http":{"method":"GET"}}}""",
            """{"httpMethod":"GET","path":""" + path + "}",
        ];
        try
        {
            foreach (var warmUp in events)
            {
                if (EventParser.TryParse(Encoding.UTF8.GetBytes(warmUp), options.BasePath, out var request, out _))
                {
                    await handler.HandleAsync(request, "warm-up", deadline: null, static _ => Task.CompletedTask);
                }
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogWarmUpFailed(logger, exception.GetType().FullName ?? "unknown");
        }
    }

    [LoggerMessage(EventId = 9110, Level = LogLevel.Critical, Message = "The Runtime API failed ({Reason}); the runtime exits")]
    private static partial void LogFatal(ILogger logger, string reason);

    [LoggerMessage(EventId = 9111, Level = LogLevel.Error, Message = "Invocation {RequestId} is not an API Gateway event ({ErrorType}); reported to /error")]
    private static partial void LogRefused(ILogger logger, string requestId, string errorType);

    [LoggerMessage(EventId = 9112, Level = LogLevel.Error, Message = "The Runtime API refused the {Bytes}-byte response of invocation {RequestId} as too large")]
    private static partial void LogTooLarge(ILogger logger, string requestId, int bytes);

    [LoggerMessage(EventId = 9113, Level = LogLevel.Error, Message = "The Runtime API refused /{Call} of invocation {RequestId} with {Status}")]
    private static partial void LogRejected(ILogger logger, string call, string requestId, int status);

    [LoggerMessage(EventId = 9114, Level = LogLevel.Warning, Message = "The warm-up request failed with {ExceptionType}; the first invocation will be slower")]
    private static partial void LogWarmUpFailed(ILogger logger, string exceptionType);
}
