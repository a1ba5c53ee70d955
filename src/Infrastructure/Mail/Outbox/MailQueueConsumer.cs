using System.Text.Json;
using Latch.Application.Common.Outbox;
using Latch.Infrastructure.Mail.Transports;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Mail.Outbox;

/// <summary>
/// The mail-sender function's work on one SQS record: read the outbox message and deliver it. A record delivered
/// twice sends nothing the second time (the sent-mail log); a transient failure answers false, so the record comes
/// back after its visibility timeout and, after the queue's maxReceiveCount, lands in the dead-letter queue.
/// </summary>
internal sealed partial class MailQueueConsumer(MailDispatcher dispatcher, ILogger<MailQueueConsumer> logger) : IQueueConsumer
{
    public async Task<bool> HandleAsync(string recordId, string body, CancellationToken cancellationToken)
    {
        OutboxMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(body, OutboxJsonContext.Default.OutboxMessage);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            message = null;
        }

        if (message is null)
        {
            // Left for the dead-letter queue, where someone can look at it; its body may hold an address, so it is not logged.
            LogUnreadable(logger, recordId);
            return false;
        }

        var kind = message.GetType().Name;
        try
        {
            var sent = await dispatcher.DispatchAsync(message, cancellationToken);
            LogDelivered(logger, recordId, message.Id, kind, sent);
            return true;
        }
        catch (MailTransportException e) when (e.Permanent)
        {
            LogRefused(logger, recordId, message.Id, kind, e.Message);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, recordId, message.Id, kind, e is MailTransportException ? e.Message : e.GetType().Name);
            return false;
        }
    }

    [LoggerMessage(EventId = 7120, Level = LogLevel.Information, Message = "Queue record {RecordId}: outbox message {MessageId} ({Kind}) delivered, {Emails} email(s) sent")]
    private static partial void LogDelivered(ILogger logger, string recordId, Guid messageId, string kind, int emails);

    [LoggerMessage(EventId = MailLogEvents.Dropped, Level = LogLevel.Error, Message = "Queue record {RecordId}: outbox message {MessageId} ({Kind}) refused for good and dropped: {Failure}")]
    private static partial void LogRefused(ILogger logger, string recordId, Guid messageId, string kind, string failure);

    [LoggerMessage(EventId = 7122, Level = LogLevel.Warning, Message = "Queue record {RecordId}: outbox message {MessageId} ({Kind}) failed and will come again: {Failure}")]
    private static partial void LogFailed(ILogger logger, string recordId, Guid messageId, string kind, string failure);

    [LoggerMessage(EventId = 7123, Level = LogLevel.Error, Message = "Queue record {RecordId} is not an outbox message; left for the dead-letter queue")]
    private static partial void LogUnreadable(ILogger logger, string recordId);
}
