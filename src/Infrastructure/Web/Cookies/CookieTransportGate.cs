using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Latch.Infrastructure.Web.Cookies;

/// <summary>
/// The CSRF defence of the cookie transport, before authentication: on a route that handles the refresh cookie, a
/// request with <c>X-Latch-Transport: cookie</c> must carry an <c>Origin</c> that is exactly one of the configured
/// origins (SameSite alone trusts every sibling subdomain). It also arranges the cookie's removal where the endpoint
/// never runs: logout clears it on every outcome (an ended session's access token fails authentication), and a refused
/// refresh clears it, so a dead token does not linger in the browser.
/// </summary>
internal static class CookieTransportGate
{
    public static IApplicationBuilder UseCookieTransportGate(this IApplicationBuilder app, IReadOnlyList<string> origins) =>
        app.Use(async (context, next) =>
        {
            var route = context.GetEndpoint()?.Metadata.GetMetadata<CookieRouteMetadata>()?.Route;
            if (route is not { } handled || HttpMethods.IsOptions(context.Request.Method))
            {
                await next(context);
                return;
            }

            switch (RefreshCookie.IsRequested(context.Request))
            {
                case false:
                    await next(context);
                    return;
                case null:
                    await CookieTransportErrors.InvalidTransportAsync(context);
                    return;
            }

            if (!IsConfiguredOrigin(context.Request.Headers[HeaderNames.Origin], origins))
            {
                await CookieTransportErrors.OriginRefusedAsync(context);
                return;
            }

            if (handled is CookieRoute.Logout or CookieRoute.Refresh)
            {
                var response = context.Response;
                response.OnStarting(() =>
                {
                    if (handled == CookieRoute.Logout || response.StatusCode == StatusCodes.Status401Unauthorized)
                    {
                        RefreshCookie.Clear(response);
                    }

                    return Task.CompletedTask;
                });
            }

            await next(context);
        });

    // One Origin header, compared whole: no prefix, suffix or "null" ever matches.
    private static bool IsConfiguredOrigin(Microsoft.Extensions.Primitives.StringValues origin, IReadOnlyList<string> origins) =>
        origin.Count == 1 && !string.IsNullOrEmpty(origin[0]) &&
        origins.Any(allowed => string.Equals(allowed, origin[0], StringComparison.OrdinalIgnoreCase));
}
