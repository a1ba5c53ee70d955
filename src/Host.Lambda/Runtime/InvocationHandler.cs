using Latch.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// Runs one request through the ASP.NET Core pipeline in-process and hands its payload to the caller, keeping
/// the Kestrel order: app, then (if nothing was sent) a bare 500 for an exception that escaped it, response start,
/// send, <c>OnCompleted</c> callbacks, context disposal.
/// </summary>
internal sealed partial class InvocationHandler<TContext>(IHttpApplication<TContext> application, LambdaRuntimeOptions options,
    IServerHooks hooks, ILogger logger) where TContext : notnull
{
    public async Task HandleAsync(LambdaRequest request, string requestId, DateTimeOffset? deadline, Func<byte[], Task> send)
    {
        // Cancelled only by the deadline: a cancelled RequestAborted below always means "out of time".
        using var outOfTime = new CancellationTokenSource();
        var (features, response) = InvocationFeatures.Create(request, requestId, hooks.MaxRequestBodySize, outOfTime.Token);
        var context = application.CreateContext(features);
        if (deadline is { } end)
        {
            outOfTime.CancelAfter(Clamp(end - options.DeadlineMargin - DateTimeOffset.UtcNow));
        }

        Task app;
        try
        {
            app = application.ProcessRequestAsync(context);
        }
        catch (Exception exception)
        {
            app = Task.FromException(exception);
        }

        if (deadline is { } hardStop && !app.IsCompleted &&
            await Task.WhenAny(app, Task.Delay(Clamp(hardStop - options.DeadlineMargin / 4 - DateTimeOffset.UtcNow))) != app)
        {
            // The app ignores RequestAborted. Answer without it, before Lambda kills the process; its context
            // is still in use, so it is disposed whenever the app lets go of it.
            LogAbandoned(logger, request.Method);
            await send(ApiGatewayResponseTranslator.Serialize(request.Format, StatusCodes.Status503ServiceUnavailable,
                new HeaderDictionary { ["Retry-After"] = "1", ["Cache-Control"] = "no-store" }, ReadOnlyMemory<byte>.Empty));
            _ = app.ContinueWith(finished => application.DisposeContext(context, finished.Exception?.InnerException),
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            return;
        }

        Exception? error = null;
        try
        {
            try
            {
                await app;
            }
            catch (Exception exception)
            {
                error = exception;
            }

            if (outOfTime.IsCancellationRequested && (error is not null || response.StatusCode == StatusCodes.Status499ClientClosedRequest))
            {
                // The app gave up on the cancelled token (ASP.NET Core records that as 499, "client went away").
                // Here nobody went away: time ran out, which the app's own error path answers as 503.
                error = null;
                await AnswerOutOfTimeAsync(features, response);
            }
            else if (error is not null)
            {
                // Past the app's own exception handler (Kestrel would answer a bare 500 too).
                LogEscaped(logger, error.GetType().FullName ?? "unknown", request.Method);
                response.Reset();
                response.StatusCode = StatusCodes.Status500InternalServerError;
            }

            await response.CompleteAsync();
            await send(ApiGatewayResponseTranslator.Serialize(request.Format, response.StatusCode, response.Headers, response.BodyBytes));
            await response.FireOnCompletedAsync();
        }
        finally
        {
            application.DisposeContext(context, error);
        }
    }

    /// <summary>The app answers as for any other timeout (a 503 problem); if it does not, a bare 503.</summary>
    private async Task AnswerOutOfTimeAsync(FeatureCollection features, LambdaResponseFeature response)
    {
        response.Reset();
        // A second view over the same features: the app's HttpContext is not reachable from the server, but its
        // request, response feature and activity are.
        if (await hooks.TryAnswerOutOfTimeAsync(new DefaultHttpContext(features)))
        {
            return;
        }

        response.Reset();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = "1";
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait;

    [LoggerMessage(EventId = 9101, Level = LogLevel.Error, Message = "The app ignored RequestAborted past the deadline margin while serving {Method}; answered 503 without it")]
    private static partial void LogAbandoned(ILogger logger, string method);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} escaped the pipeline while serving {Method}; answered 500")]
    private static partial void LogEscaped(ILogger logger, string exceptionType, string method);
}
