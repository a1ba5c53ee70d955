using Latch.Infrastructure.Mail.Composition;
using MimeKit;

namespace Latch.Infrastructure.Mail.Transports;

/// <summary>An <see cref="OutgoingMail"/> as a MIME message: multipart/alternative, plain text first, then HTML.</summary>
internal static class MimeMessages
{
    public static MimeMessage Create(OutgoingMail mail, string from, DateTimeOffset now)
    {
        var sender = MailboxAddress.Parse(from);
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            Date = now,
            // The same email keeps the same Message-ID: a receiving system that sees a redelivery can tell.
            MessageId = $"{mail.Key}@{sender.Domain}",
            Body = new MultipartAlternative
            {
                new TextPart("plain") { Text = mail.Text },
                new TextPart("html") { Text = mail.Html },
            },
        };
        message.From.Add(sender);
        // The stored address as it is, never parsed again: RFC 5322 parsing would read a display name, a comment or a
        // list out of it ("x<victim@example.com>", "a,b@example.com") and send to someone else.
        message.To.Add(new MailboxAddress("", mail.To));
        // Automated mail: no vacation auto-replies back to a no-reply sender (RFC 3834).
        message.Headers.Add("Auto-Submitted", "auto-generated");
        return message;
    }
}
