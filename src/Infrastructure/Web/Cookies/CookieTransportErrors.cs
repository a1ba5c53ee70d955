using Latch.Domain.Common;
using Latch.Infrastructure.Web.Problems;
using Microsoft.AspNetCore.Http;

namespace Latch.Infrastructure.Web.Cookies;

/// <summary>The problems of the cookie transport's gate (docs/api.md, "Errors").</summary>
internal static class CookieTransportErrors
{
    public static Task OriginRefusedAsync(HttpContext context) =>
        ProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, ErrorCodes.OriginRefused,
            "The cookie transport needs an Origin header naming one of the configured origins.");

    public static Task InvalidTransportAsync(HttpContext context) =>
        ProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, ErrorCodes.InvalidTransport,
            $"{RefreshCookie.TransportHeader} must be '{RefreshCookie.CookieTransport}' when present.");
}
