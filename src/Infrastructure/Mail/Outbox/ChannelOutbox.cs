using System.Threading.Channels;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;

namespace Latch.Infrastructure.Mail.Outbox;

/// <summary>
/// The outbox on Kestrel: a bounded in-memory queue the background sender empties. Handing a message over costs the
/// request a queue write, the same for every message; it never waits: a full queue (the mail server is down and the
/// backlog reached Mail:Retry:Capacity) or a stopping host refuses at once.
/// </summary>
internal sealed class ChannelOutbox(MailSettings settings) : IOutbox
{
    private readonly Channel<OutboxMessage> _channel = Channel.CreateBounded<OutboxMessage>(
        new BoundedChannelOptions(settings.Retry.Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<OutboxMessage> Reader => _channel.Reader;

    public Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        _channel.Writer.TryWrite(message)
            ? Task.CompletedTask
            : throw new OutboxUnavailableException("The in-process outbox is full or the host is stopping.");

    /// <summary>No message is accepted after this; those already in are still delivered.</summary>
    public void Close() => _channel.Writer.TryComplete();
}
