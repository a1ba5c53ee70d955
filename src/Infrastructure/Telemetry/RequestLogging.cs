using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// One line per request: method, route template (never the raw path or query), status, duration, and the
/// user id when signed in. Nothing from the body, the headers or the client address.
/// </summary>
internal static class RequestLogging
{
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(LatchTelemetry.HttpCategory);
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                    var userId = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirst("sub")?.Value : null;
                    var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    logger.Log(LogLevel.Information, RequestLine.EventId,
                        new RequestLine(context.Request.Method, route, context.Response.StatusCode, elapsedMs, userId), null, RequestLine.Format);
                }
            }
        });
    }
}
