using Latch.Domain.Common;
using Latch.Infrastructure.Web.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;

namespace Latch.Infrastructure.Web;

/// <summary>
/// The request-body ceiling, enforced on every host: a declared length over it is refused before any
/// byte is read; a chunked body is cut off by the server's own limit, set here per request.
/// </summary>
internal static class RequestLimits
{
    public const long DefaultMaxBodyBytes = 16 * 1024;

    /// <summary>Room for an 8 KiB Authorization header and the usual rest.</summary>
    public const int MaxHeaderBytes = 24 * 1024;

    public const int MaxHeaderCount = 64;

    /// <summary>Every request shape is flat; deeper nesting is an attack on the parser, not a request.</summary>
    public const int MaxJsonDepth = 8;

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app, long maxBodyBytes) =>
        app.Use((context, next) =>
        {
            if (context.Request.ContentLength > maxBodyBytes)
            {
                return ProblemWriter.WriteAsync(context, 413, ErrorCodes.PayloadTooLarge,
                    UnhandledExceptionHandler.TooLarge);
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = maxBodyBytes;
            }

            return next(context);
        });
}
