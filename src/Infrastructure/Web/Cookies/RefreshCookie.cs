using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Latch.Infrastructure.Web.Cookies;

/// <summary>
/// The refresh token as a cookie (ADR 0013): chosen per request with <c>X-Latch-Transport: cookie</c>, which is also
/// the CSRF custom header — a cross-site form cannot send it, and a cross-origin script can only send it after a
/// preflight. The cookie is <c>__Secure-</c>-prefixed, <c>Secure; HttpOnly; SameSite=Strict</c>, and sent back only to
/// the refresh route, the one route that reads it.
/// </summary>
internal static class RefreshCookie
{
    public const string TransportHeader = "X-Latch-Transport";
    public const string CookieTransport = "cookie";
    public const string Name = "__Secure-latch-refresh";
    public const string ReadPath = "/v1/auth/refresh";

    /// <summary>Whether the request asks for the cookie transport; <c>null</c> when the header names another one.</summary>
    public static bool? IsRequested(HttpRequest request)
    {
        var values = request.Headers[TransportHeader];
        if (values.Count == 0)
        {
            return false;
        }

        return values.Count == 1 && string.Equals(values[0], CookieTransport, StringComparison.OrdinalIgnoreCase) ? true : null;
    }

    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(Name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public static void Set(HttpResponse response, string token, long lifetimeSeconds) =>
        response.Headers.Append(HeaderNames.SetCookie, Format(response.HttpContext.Request, token, Math.Max(0, lifetimeSeconds)));

    /// <summary>Max-Age=0 with the same name and path: the browser drops the cookie at once.</summary>
    public static void Clear(HttpResponse response)
    {
        var value = Format(response.HttpContext.Request, "", 0);
        if (!response.Headers[HeaderNames.SetCookie].Contains(value))
        {
            response.Headers.Append(HeaderNames.SetCookie, value);
        }
    }

    // The path includes PathBase (a stage or base-path mapping), or the browser would never send the cookie back.
    private static string Format(HttpRequest request, string value, long maxAge) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Name}={value}; Max-Age={maxAge}; Path={request.PathBase}{ReadPath}; Secure; HttpOnly; SameSite=Strict");
}
