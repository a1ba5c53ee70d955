namespace Latch.Infrastructure.Web.Cookies;

/// <summary>Marks an endpoint as one that handles the refresh cookie, and how.</summary>
internal sealed record CookieRouteMetadata(CookieRoute Route);
