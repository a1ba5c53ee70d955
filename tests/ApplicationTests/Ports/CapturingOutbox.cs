using System.Collections.Concurrent;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;

namespace Latch.ApplicationTests.Ports;

/// <summary>An outbox that keeps what it is given, so a test can read the token an email would carry.</summary>
public sealed class CapturingOutbox : IOutbox
{
    private readonly ConcurrentQueue<OutboxMessage> _messages = new();

    public IReadOnlyList<OutboxMessage> Messages => [.. _messages];

    public Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        _messages.Enqueue(message);
        return Task.CompletedTask;
    }
}
