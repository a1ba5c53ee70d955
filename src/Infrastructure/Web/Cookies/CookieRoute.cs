namespace Latch.Infrastructure.Web.Cookies;

/// <summary>What an auth route does with the refresh cookie; endpoint metadata read by the gate and the filter.</summary>
internal enum CookieRoute
{
    /// <summary>Register and login: a new session's token goes into the cookie.</summary>
    Issue,

    /// <summary>Refresh: the token comes from the cookie, its successor goes back into it.</summary>
    Refresh,

    /// <summary>Logout: the access token names the session; the cookie is cleared when this session has ended or is unknown.</summary>
    Logout,
}
