using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;

namespace Latch.Infrastructure.Mail.Outbox;

/// <summary>
/// The outbox of a process that sends no mail (the operator tool): its use cases never hand over a message, but the
/// mediator builds every handler, the mail-sending ones included. Should one ever try, it is refused, not lost.
/// </summary>
internal sealed class NoOutbox : IOutbox
{
    public Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        throw new OutboxUnavailableException("This process sends no mail.");
}
