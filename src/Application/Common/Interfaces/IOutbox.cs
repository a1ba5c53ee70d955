using Latch.Application.Common.Outbox;

namespace Latch.Application.Common.Interfaces;

/// <summary>
/// Where a request hands the one message that says what happened (a registration, a reset, an email change). The
/// request never talks to a mail server and never learns whether an account exists: a sender, out of band, looks the
/// account up and decides which email the message becomes, or none (docs/decisions/0012-mail-delivery.md).
/// </summary>
public interface IOutbox
{
    /// <summary>
    /// Accepts <paramref name="message"/> for delivery at least once. Returns once the message is held (in process or
    /// in the queue), not once it is sent; throws <see cref="OutboxUnavailableException"/> when it cannot be held.
    /// </summary>
    Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken);
}
