using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Latch.Infrastructure.Web.Cookies;

/// <summary>
/// The CSRF defence of the cookie transport, before authentication: on a route that handles the refresh cookie, a
/// request with <c>X-Latch-Transport: cookie</c> must carry an <c>Origin</c> that is exactly one of the configured
/// origins (SameSite alone trusts every sibling subdomain). It also arranges the cookie's removal, also where the
/// endpoint never runs: when this session has ended or is unknown — logout of this session (local or global) answering
/// 204, or any 401 from logout or refresh (an ended session's access token fails authentication) — so a dead token does
/// not linger in the browser. Logout of the other sessions, and every other refusal (400, 403, 429, 503), leave this
/// session alive and the cookie in place.
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
                    if (response.StatusCode == StatusCodes.Status401Unauthorized ||
                        handled == CookieRoute.Logout && response.StatusCode == StatusCodes.Status204NoContent &&
                        EndsThisSession(context.Request))
                    {
                        RefreshCookie.Clear(response);
                    }

                    return Task.CompletedTask;
                });
            }

            await next(context);
        });

    // Only for a 204, so the endpoint has accepted the scope: absent or empty is its default, local.
    private static bool EndsThisSession(HttpRequest request)
    {
        var scope = request.Query["scope"];
        return scope.Count == 0 || scope.Count == 1 && scope[0] is null or "" or "local" or "global";
    }

    // One Origin header, compared whole and ordinally, as browsers serialize it (lower-case scheme and host): no prefix,
    // suffix, other case or "null" ever matches.
    private static bool IsConfiguredOrigin(Microsoft.Extensions.Primitives.StringValues origin, IReadOnlyList<string> origins) =>
        origin.Count == 1 && !string.IsNullOrEmpty(origin[0]) &&
        origins.Any(allowed => string.Equals(allowed, origin[0], StringComparison.Ordinal));
}
