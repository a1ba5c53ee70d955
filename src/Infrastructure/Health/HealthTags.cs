namespace Latch.Infrastructure.Health;

/// <summary>
/// The probes' shared vocabulary: an area that registers a health check tags it here, and the readiness endpoint
/// runs the checks so tagged. Neither side names the other.
/// </summary>
internal static class HealthTags
{
    /// <summary>A check that must pass before the instance takes traffic (the store answers).</summary>
    public const string Ready = "ready";
}
