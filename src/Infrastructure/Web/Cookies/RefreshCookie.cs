using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Latch.Infrastructure.Web.Cookies;

/// <summary>
/// The refresh token as a cookie (ADR 0013): chosen per request with <c>X-Latch-Transport: cookie</c>, which is also
/// the CSRF custom header — a cross-site form cannot send it, and a cross-origin script can only send it after a
/// preflight. The cookie is <c>__Host-</c>-prefixed (<c>Path=/</c>, no <c>Domain</c>, <c>Secure</c>: browsers refuse such a
/// cookie from any other host, so a sibling subdomain cannot plant one of this name), <c>HttpOnly; SameSite=Strict</c>,
/// and read only by the refresh route.
/// </summary>
internal static class RefreshCookie
{
    public const string TransportHeader = Protection.CorsContract.TransportHeader;
    public const string CookieTransport = "cookie";
    public const string Name = "__Host-latch-refresh";

    /// <summary>The only path a <c>__Host-</c> cookie may have.</summary>
    public const string CookiePath = "/";

    /// <summary>Whether the request asks for the cookie transport; <c>null</c> when the header names another one.</summary>
    public static bool? IsRequested(HttpRequest request)
    {
        var values = request.Headers[TransportHeader];
        if (values.Count == 0)
        {
            return false;
        }

        return values.Count == 1 && string.Equals(values[0], CookieTransport, StringComparison.Ordinal) ? true : null;
    }

    /// <summary>
    /// The token, or <c>null</c> when there is none or more than one cookie of the name: a second one can only have been
    /// planted (an older browser, or a cookie set before the prefix), and the server cannot tell which is genuine, while
    /// the parsed collection would silently keep just one of them.
    /// </summary>
    public static string? Read(HttpRequest request) =>
        CountSent(request) == 1 && request.Cookies.TryGetValue(Name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    // Counted in the raw Cookie header(s), name compared ordinally as browsers send it.
    private static int CountSent(HttpRequest request)
    {
        var count = 0;
        foreach (var header in request.Headers[HeaderNames.Cookie])
        {
            foreach (var pair in (header ?? "").Split(';', StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && pair.AsSpan(0, equals).Trim().SequenceEqual(Name))
                {
                    count++;
                }
            }
        }

        return count;
    }

    public static void Set(HttpResponse response, string token, long lifetimeSeconds) =>
        response.Headers.Append(HeaderNames.SetCookie, Format(token, Math.Max(0, lifetimeSeconds)));

    /// <summary>Max-Age=0 with the same name and attributes: the browser drops the cookie at once.</summary>
    public static void Clear(HttpResponse response)
    {
        var value = Format("", 0);
        if (!response.Headers[HeaderNames.SetCookie].Contains(value))
        {
            response.Headers.Append(HeaderNames.SetCookie, value);
        }
    }

    // Path=/ whatever the PathBase (a stage or base-path mapping): the __Host- prefix allows no other path.
    private static string Format(string value, long maxAge) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Name}={value}; Max-Age={maxAge}; Path={CookiePath}; Secure; HttpOnly; SameSite=Strict");
}
