using System.Net.Security;
using System.Net.Sockets;
using Latch.Infrastructure.Mail.Composition;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Latch.Infrastructure.Mail.Transports;

/// <summary>
/// SMTP through MailKit to the configured relay: one connection per email (the sender is a background loop, the
/// volume is a sign-up's, and a fresh connection never inherits a half-broken one), TLS required unless the
/// settings say <c>None</c>, credentials only when configured. <paramref name="certificateCheck"/> replaces the
/// system's certificate validation (a test's own certificate authority); null keeps the system's.
/// </summary>
internal sealed class SmtpMailTransport(MailSettings settings, TimeProvider time,
    RemoteCertificateValidationCallback? certificateCheck = null) : IMailTransport
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var smtp = settings.Smtp;
        MimeMessage message;
        try
        {
            message = MimeMessages.Create(mail, settings.From, time.GetUtcNow());
        }
        catch (Exception e) when (e is ParseException or ArgumentException)
        {
            // An address MIME cannot carry: this email can never be sent, and the exception's text may quote the address.
            throw new MailTransportException($"The email cannot be built ({e.GetType().Name})", permanent: true);
        }

        using var owned = message;
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        if (certificateCheck is not null)
        {
            client.ServerCertificateValidationCallback = certificateCheck;
        }

        var security = settings.SmtpSecurity switch
        {
            SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException e)
        {
            // 5xx refuses this message or sender for good; 4xx is the relay asking to come back later.
            throw new MailTransportException($"The SMTP server refused the email ({(int)e.StatusCode} {e.ErrorCode})",
                permanent: (int)e.StatusCode >= 500, e);
        }
        catch (AuthenticationException e)
        {
            throw new MailTransportException("The SMTP server refused the credentials", permanent: false, e);
        }
        catch (Exception e) when (e is ParseException or ArgumentException)
        {
            // MailKit refusing this message's address on its own side: about the email, not the relay; no text, it may quote the address.
            throw new MailTransportException($"The email cannot be sent ({e.GetType().Name})", permanent: true);
        }
        catch (Exception e) when (e is SmtpProtocolException or SslHandshakeException or SocketException or IOException
                                      or ServiceNotConnectedException or TimeoutException or NotSupportedException)
        {
            throw new MailTransportException($"The SMTP exchange failed ({e.GetType().Name})", permanent: false, e);
        }
    }
}
