namespace Latch.Infrastructure;

/// <summary>
/// What a host that consumes the mail queue (the Lambda adapter's mail-sender handler) takes from the composition: one
/// record's body in, whether it is done out. With <see cref="IServerHooks"/> it is all such a host names of the app.
/// </summary>
public interface IQueueConsumer
{
    /// <summary>
    /// Handles one queue record. True when it is done with — sent, deserving no email, sent before (a redelivery), or
    /// refused for good; false when it should come again (a transient failure), which the queue's redrive bounds.
    /// </summary>
    Task<bool> HandleAsync(string recordId, string body, CancellationToken cancellationToken);
}
