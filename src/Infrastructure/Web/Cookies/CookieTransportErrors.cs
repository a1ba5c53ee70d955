using Latch.Infrastructure.Web.Problems;
using Microsoft.AspNetCore.Http;

namespace Latch.Infrastructure.Web.Cookies;

/// <summary>The problems of the cookie transport's gate (docs/api.md, "Errors").</summary>
internal static class CookieTransportErrors
{
    public const string OriginRefused = "origin_refused";
    public const string InvalidTransport = "invalid_transport";

    public static Task OriginRefusedAsync(HttpContext context) =>
        ProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, OriginRefused,
            "The cookie transport needs an Origin header naming one of the configured origins.");

    public static Task InvalidTransportAsync(HttpContext context) =>
        ProblemWriter.WriteAsync(context, StatusCodes.Status400BadRequest, InvalidTransport,
            $"{RefreshCookie.TransportHeader} must be '{RefreshCookie.CookieTransport}' when present.");
}
