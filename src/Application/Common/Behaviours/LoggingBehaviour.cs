using System.Diagnostics;
using Latch.Domain.Common;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Latch.Application.Common.Behaviours;

/// <summary>
/// Records each request's type, outcome and duration, as a log line and as a span named after the request
/// type. Never its fields: requests carry passwords, tokens and emails, so the request object itself is
/// never handed to the logger or the span. A success is logged at Debug: the HTTP request line already records
/// every call with its status and duration, so a second Information line per successful call only doubled the log
/// volume; failures and exceptions keep their Information and Error lines.
/// </summary>
internal sealed partial class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
    where TResponse : IFailable<TResponse>
{
    private static readonly string RequestName = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        using var activity = ApplicationActivity.Source.StartActivity(RequestName);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.IsSuccess)
            {
                activity?.SetTag("latch.outcome", "success");
                LogSucceeded(logger, RequestName, elapsed);
            }
            else
            {
                activity?.SetTag("latch.outcome", response.Error!.Code);
                LogFailed(logger, RequestName, response.Error!.Code, elapsed);
            }

            return response;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The type only: exception messages can echo values.
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            LogThrew(logger, RequestName, exception.GetType().Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "{RequestName} succeeded in {ElapsedMs:F1} ms")]
    private static partial void LogSucceeded(ILogger logger, string requestName, double elapsedMs);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "{RequestName} failed with {ErrorCode} in {ElapsedMs:F1} ms")]
    private static partial void LogFailed(ILogger logger, string requestName, string errorCode, double elapsedMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "{RequestName} threw {ExceptionType} after {ElapsedMs:F1} ms")]
    private static partial void LogThrew(ILogger logger, string requestName, string exceptionType, double elapsedMs);
}
