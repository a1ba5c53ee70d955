using Latch.Infrastructure.Mail.Composition;

namespace Latch.Infrastructure.Mail.Transports;

/// <summary><c>Mail:Transport=None</c>: the email is composed and dropped (start-up said so in a warning).</summary>
internal sealed class DroppingTransport : IMailTransport
{
    public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken) => Task.CompletedTask;
}
