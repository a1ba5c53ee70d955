using Microsoft.AspNetCore.Builder;

namespace Latch.Infrastructure.Web;

/// <summary>Headers every response carries, set before the endpoint runs so that error paths get them too.</summary>
internal static class SecurityHeaders
{
    public const string ApiReferencePath = "/reference";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, bool allowApiReference) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";

            // The API reference page (Development only) runs scripts; everything else is data and may run nothing.
            if (!(allowApiReference && context.Request.Path.StartsWithSegments(ApiReferencePath)))
            {
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }

            // Token and user data must never sit in a cache.
            if (context.Request.Path.StartsWithSegments("/v1"))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }

            return next(context);
        });
}
