namespace Latch.Infrastructure.Configuration;

internal sealed class SessionOptions
{
    public const string Section = "Sessions";

    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan ReuseGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a revoked session's access tokens may still pass on another instance (at most 30 s).</summary>
    public TimeSpan RevocationCacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
