using System.Diagnostics.Metrics;

namespace Latch.Infrastructure.Telemetry;

/// <summary>The service's own instruments. Names follow OpenTelemetry conventions; no attribute ever holds personal data.</summary>
internal sealed class LatchTelemetry : IDisposable
{
    public const string MeterName = "Latch";
    public const string ApplicationSource = "Latch.Application";
    public const string AuditCategory = "Latch.Audit";
    public const string HttpCategory = "Latch.Http";

    private readonly Meter _meter = new(MeterName);

    public LatchTelemetry()
    {
        Logins = _meter.CreateCounter<long>("latch.logins", description: "Sign-in attempts by outcome.");
        Registrations = _meter.CreateCounter<long>("latch.registrations", description: "Accounts created.");
        RefreshReuse = _meter.CreateCounter<long>("latch.refresh_reuse", description: "Rotated refresh tokens presented again; each ended a session.");
        Backoffs = _meter.CreateCounter<long>("latch.backoffs", description: "Emails that entered the failed-login back-off.");
        Reauthentications = _meter.CreateCounter<long>("latch.reauthentications",
            description: "Failed confirmations of the current password for a sensitive change.");
        StepUps = _meter.CreateCounter<long>("latch.step_ups",
            description: "Second factors proved on a signed-in session (success), and changes refused for want of one (required).");
    }

    public Counter<long> Logins { get; }

    public Counter<long> Registrations { get; }

    public Counter<long> RefreshReuse { get; }

    public Counter<long> Backoffs { get; }

    public Counter<long> Reauthentications { get; }

    public Counter<long> StepUps { get; }

    public void Dispose() => _meter.Dispose();
}
