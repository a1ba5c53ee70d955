namespace Latch.Domain.Lockout;

/// <summary>
/// The answer of the store to one reservation: <see cref="Granted"/> (the attempt is counted, as a failure in advance,
/// in <see cref="State"/>) or refused (then <see cref="State"/> is the back-off that refused it).
/// </summary>
public sealed class AttemptReservation(bool granted, FailedLogins state)
{
    public bool Granted { get; } = granted;

    public FailedLogins State { get; } = state ?? throw new ArgumentNullException(nameof(state));
}
