using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;
using Latch.Infrastructure.Mail.Composition;
using Latch.Infrastructure.Mail.Transports;

namespace Latch.Infrastructure.Mail.Outbox;

/// <summary>
/// Delivers one outbox message: composes its emails and sends each one not already sent. An email is claimed in the
/// sent-mail log before it is sent and given back if the send fails, so a redelivered message sends only what is
/// missing. A process killed between the claim and the transport's answer leaves the claim: that email is skipped on
/// redelivery rather than sent twice (docs/decisions/0012-mail-delivery.md).
/// </summary>
internal sealed class MailDispatcher(MailComposer composer, IMailTransport transport, ISentMailLog sent, MailSettings settings,
    TimeProvider time)
{
    /// <summary>
    /// The emails sent now (0 when the message deserves none or all were sent before). One email refused for good does
    /// not stop the others (an email change's notice to the old address still goes out); once all were tried, throws the
    /// <see cref="MailTransportException"/> of a failure, a transient one first so the message is tried again.
    /// </summary>
    public async Task<int> DispatchAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var count = 0;
        MailTransportException? refused = null;
        foreach (var mail in await composer.ComposeAsync(message, cancellationToken))
        {
            if (!await sent.TryClaimAsync(mail.Key, time.GetUtcNow() + settings.DeduplicationWindow, cancellationToken))
            {
                continue;
            }

            try
            {
                await transport.SendAsync(mail, cancellationToken);
                count++;
            }
            catch (MailTransportException e) when (e.Permanent)
            {
                await sent.ReleaseAsync(mail.Key, CancellationToken.None);
                refused ??= e;
            }
            catch
            {
                await sent.ReleaseAsync(mail.Key, CancellationToken.None);
                throw;
            }
        }

        return refused is null ? count : throw refused;
    }
}
