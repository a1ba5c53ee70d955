namespace Latch.Infrastructure.Configuration;

internal sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public PerIpLimitOptions PerIp { get; set; } = new();

    public AuthLimitOptions Auth { get; set; } = new();
}

internal sealed class PerIpLimitOptions
{
    /// <summary>The bucket's size: how many requests one client IP may burst.</summary>
    public int BurstLimit { get; set; } = 2000;

    /// <summary>How fast the bucket refills.</summary>
    public int PerMinute { get; set; } = 1000;
}

internal sealed class AuthLimitOptions
{
    /// <summary>Requests per minute per client IP on <c>/v1/auth/*</c>, on top of the per-IP bucket.</summary>
    public int PerMinute { get; set; } = 20;
}

internal sealed class CorsOptions
{
    public const string Section = "Cors";

    /// <summary>Exact origins (<c>https://app.example.com</c>); none means no cross-origin access.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}

internal sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>The only peers whose <c>X-Forwarded-For</c> is believed (Kestrel behind a proxy).</summary>
    public List<string> KnownProxies { get; set; } = [];
}
