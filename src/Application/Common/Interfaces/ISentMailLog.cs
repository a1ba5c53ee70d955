namespace Latch.Application.Common.Interfaces;

/// <summary>
/// Remembers which emails were sent, by key (an outbox message's id and the recipient's role, never an address), for a
/// while: a queue delivers at least once, so a message may come twice (or twice at once), and the second delivery must
/// send nothing. Each store keeps it in its own table or collection, expired by time.
/// </summary>
public interface ISentMailLog
{
    /// <summary>
    /// Claims <paramref name="key"/> until <paramref name="expiresAt"/>; false when it is already claimed (sent, or being
    /// sent by another delivery). Atomic: of two concurrent claims of one key, one wins.
    /// </summary>
    Task<bool> TryClaimAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Gives a claim back after the send failed, so the next delivery tries again.</summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken);
}
