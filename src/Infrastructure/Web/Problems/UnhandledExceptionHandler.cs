using Latch.Domain.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Web.Problems;

/// <summary>
/// The single mapping from exceptions to responses. Bad requests that the framework detects
/// (unreadable JSON, wrong media type, oversized body) become their 4xx codes; anything else is a bug
/// or an outage and becomes a bare 500 with nothing internal in it.
/// </summary>
internal sealed partial class UnhandledExceptionHandler(ILogger<UnhandledExceptionHandler> logger) : IExceptionHandler
{
    public const string MalformedBody = "The request body is missing or is not valid JSON of the expected shape.";
    public const string TooLarge = "The request body is larger than the service accepts.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        var (status, code, detail) = Classify(exception);
        if (status >= 500)
        {
            // The type name only: exception messages can echo user input or store values.
            LogUnhandled(logger, exception.GetType().FullName ?? "unknown", httpContext.Request.Method);
        }

        await ProblemWriter.WriteAsync(httpContext, status, code, detail,
            status == StatusCodes.Status503ServiceUnavailable ? TimeSpan.FromSeconds(5) : null);
        return true;
    }

    internal static (int Status, string Code, string Detail) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (413, ErrorCodes.PayloadTooLarge, TooLarge),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
            (415, ErrorCodes.UnsupportedMediaType, "The request body must be application/json."),
        BadHttpRequestException =>
            (400, ErrorCodes.MalformedRequest, MalformedBody),
        System.Text.Json.JsonException =>
            (400, ErrorCodes.MalformedRequest, MalformedBody),
        Application.Common.Interfaces.StoreUnavailableException or Application.Common.Interfaces.OutboxUnavailableException or TimeoutException =>
            (503, ErrorCodes.Unavailable, "The service is temporarily unavailable. Try again shortly."),
        _ => (500, ErrorCodes.InternalError, "An unexpected error occurred."),
    };

    [LoggerMessage(EventId = 9000, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} while serving {Method}")]
    private static partial void LogUnhandled(ILogger logger, string exceptionType, string method);
}
