namespace Latch.Application.Common.Interfaces;

/// <summary>
/// Thrown by an outbox that cannot hold a message (its in-process queue is full, the queue service refused or did not
/// answer). Like a store outage it is no expected failure of a use case; the edge answers it as unavailable.
/// </summary>
public sealed class OutboxUnavailableException : Exception
{
    public OutboxUnavailableException()
        : base("The outbox is unavailable.")
    {
    }

    public OutboxUnavailableException(string message)
        : base(message)
    {
    }

    public OutboxUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
