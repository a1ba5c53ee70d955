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
    /// <summary>The line's name for a method HTTP does not define, as OpenTelemetry's HTTP conventions name it.</summary>
    public const string OtherMethod = "_OTHER";

    // RFC 9110's methods and PATCH (RFC 5789): the list OpenTelemetry's HTTP conventions know.
    private static readonly string[] KnownMethods =
    [
        HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch, HttpMethods.Head,
        HttpMethods.Options, HttpMethods.Trace, HttpMethods.Connect,
    ];

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
                        new RequestLine(LoggedMethod(context.Request.Method), route, context.Response.StatusCode, elapsedMs, userId), null, RequestLine.Format);
                }
            }
        });
    }

    /// <summary>
    /// A known method in its usual form (routing matches methods whatever their case), anything else
    /// <see cref="OtherMethod"/>: the method is a token of the client's choosing, up to the request line's 8 KB, that would
    /// otherwise reach the line twice and add a value to a field that dashboards group by.
    /// </summary>
    public static string LoggedMethod(string method)
    {
        foreach (var known in KnownMethods)
        {
            if (string.Equals(method, known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return OtherMethod;
    }
}
