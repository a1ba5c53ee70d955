using Latch.Infrastructure.Mail.Composition;

namespace Latch.Infrastructure.Mail.Transports;

/// <summary>Hands one email to a mail system. Throws <see cref="MailTransportException"/> when it was not accepted.</summary>
internal interface IMailTransport
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>
/// The mail system did not take the email. <see cref="Permanent"/> when trying again cannot help (the message or the
/// sender was refused as such); the message names the failure, never the address or the body.
/// </summary>
internal sealed class MailTransportException : Exception
{
    public MailTransportException()
    {
    }

    public MailTransportException(string message)
        : base(message)
    {
    }

    public MailTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MailTransportException(string message, bool permanent, Exception? innerException = null)
        : base(message, innerException) => Permanent = permanent;

    public bool Permanent { get; }
}
