namespace Latch.Infrastructure.Configuration;

internal sealed class LockoutOptions
{
    public const string Section = "Lockout";

    public int FreeFailures { get; set; } = 5;

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(15);
}
