using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Latch.IntegrationTests.Browser;

/// <summary>Requests as a browser page using the cookie transport sends them, and the refresh cookie as it comes back.</summary>
public static partial class CookieRequests
{
    public const string Header = "X-Latch-Transport";
    public const string CookieName = "__Host-latch-refresh";

    public static HttpRequestMessage Post(string path, string json, string? origin, string? transport = "cookie",
        string? cookie = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Support.Api.Json(json) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (transport is not null)
        {
            request.Headers.Add(Header, transport);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{CookieName}={cookie}");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    public static string[] SetCookies(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    /// <summary>The one refresh cookie the response sets, split into its value and attributes (names lower-cased).</summary>
    public static (string Value, Dictionary<string, string> Attributes) RefreshCookie(this HttpResponseMessage response)
    {
        var line = Assert.Single(response.SetCookies());
        var parts = line.Split(';', StringSplitOptions.TrimEntries);
        var nameValue = parts[0].Split('=', 2);
        Assert.Equal(CookieName, nameValue[0]);
        var attributes = parts.Skip(1).Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0].ToLowerInvariant(), p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal);
        return (nameValue[1], attributes);
    }

    /// <summary>Asserts the attributes every refresh cookie must have, and returns its Max-Age.</summary>
    public static long AssertHardened(Dictionary<string, string> attributes)
    {
        Assert.True(attributes.ContainsKey("secure"), "Secure missing");
        Assert.True(attributes.ContainsKey("httponly"), "HttpOnly missing");
        Assert.Equal("Strict", attributes["samesite"]);
        // __Host-: browsers take it only with Path=/ and no Domain, so no sibling host can set one of this name.
        Assert.Equal("/", attributes["path"]);
        Assert.False(attributes.ContainsKey("domain"), "a Domain attribute would share the cookie with sibling hosts");
        return long.Parse(attributes["max-age"], System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{98}$")]
    public static partial Regex RefreshTokenShape();
}
