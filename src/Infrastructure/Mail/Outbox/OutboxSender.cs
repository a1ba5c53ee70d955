using Latch.Application.Common.Outbox;
using Latch.Infrastructure.Mail.Transports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Mail.Outbox;

/// <summary>
/// The background sender on Kestrel: takes messages from the in-process outbox one by one and delivers each, trying a
/// failed one again after a doubling wait (Mail:Retry), then dropping it with a log line that names the message id and
/// the failure, never an address, a token or a link. Stopping the host closes the outbox and drains what is in it,
/// within the host's shutdown timeout.
/// </summary>
internal sealed partial class OutboxSender(ChannelOutbox outbox, MailDispatcher dispatcher, MailSettings settings, TimeProvider time,
    ILogger<OutboxSender> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private Task _loop = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_abort.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        outbox.Close();
        try
        {
            await _loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Out of shutdown time: what is left is lost with the process, as any in-memory queue's content is.
            LogDrainCutShort(logger, outbox.Reader.Count);
            await _abort.CancelAsync();
        }
    }

    public void Dispose() => _abort.Dispose();

    private async Task RunAsync(CancellationToken abort)
    {
        try
        {
            await foreach (var message in outbox.Reader.ReadAllAsync(abort))
            {
                await DeliverAsync(message, abort);
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(OutboxMessage message, CancellationToken abort)
    {
        var kind = message.GetType().Name;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            var permanent = false;
            try
            {
                var sent = await dispatcher.DispatchAsync(message, abort);
                LogDelivered(logger, message.Id, kind, sent);
                return;
            }
            catch (MailTransportException e)
            {
                failure = e.Message;
                permanent = e.Permanent;
            }
            catch (Exception e) when (e is not OperationCanceledException || !abort.IsCancellationRequested)
            {
                // A store outage while looking the account up, or anything unforeseen: the type only, its message may quote input.
                failure = e.GetType().Name;
            }

            if (permanent || attempt >= settings.Retry.Attempts)
            {
                LogDropped(logger, message.Id, kind, attempt, failure);
                return;
            }

            var delay = settings.Retry.FirstDelay * Math.Pow(2, attempt - 1);
            LogRetrying(logger, message.Id, kind, attempt, failure, delay);
            await Task.Delay(delay, time, abort);
        }
    }

    [LoggerMessage(EventId = 7100, Level = LogLevel.Information, Message = "Outbox message {MessageId} ({Kind}) delivered: {Emails} email(s) sent")]
    private static partial void LogDelivered(ILogger logger, Guid messageId, string kind, int emails);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning,
        Message = "Outbox message {MessageId} ({Kind}) failed on attempt {Attempt}: {Failure}; trying again in {Delay}")]
    private static partial void LogRetrying(ILogger logger, Guid messageId, string kind, int attempt, string failure, TimeSpan delay);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Error,
        Message = "Outbox message {MessageId} ({Kind}) dropped after {Attempts} attempt(s): {Failure}")]
    private static partial void LogDropped(ILogger logger, Guid messageId, string kind, int attempts, string failure);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Shutdown time ran out with {Count} outbox message(s) not delivered")]
    private static partial void LogDrainCutShort(ILogger logger, int count);
}
