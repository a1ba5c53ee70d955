namespace Latch.Infrastructure.Configuration;

internal sealed class SecondFactorOptions
{
    public const string Section = "SecondFactor";

    /// <summary>How recent a second-factor proof on the session must be for a password, email or deletion change.</summary>
    public TimeSpan StepUpWindow { get; set; } = TimeSpan.FromMinutes(5);
}
