using Latch.Infrastructure.Mail;
using Latch.Infrastructure.Mail.Composition;
using Latch.Infrastructure.Mail.Transports;
using MimeKit;
using SmtpServer.Protocol;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// The SMTP transport against a real SMTP server on a loopback port: the exchange on the wire (EHLO, STARTTLS or
/// implicit TLS, AUTH, MAIL FROM, RCPT TO, DATA), the MIME that arrives, and how refusals come back.
/// </summary>
public sealed class SmtpTransportTests
{
    private static readonly OutgoingMail Mail = new("0193a1b2c3d4e5f60718293a4b5c6d7e.verify", "jane@example.com",
        "Confirm your email address for Acme", "Open https://app.acme.example/verify#token=abc\n",
        "<!DOCTYPE html><html><body><p><a href=\"https://app.acme.example/verify#token=abc\">Confirm</a></p></body></html>");

    [Fact]
    public async Task STARTTLS_with_credentials_delivers_a_text_and_HTML_message_to_the_envelope_recipient()
    {
        await using var server = SmtpStandIn.Start(tls: true);
        var transport = Transport(server, "StartTls", withCredentials: true);

        await transport.SendAsync(Mail, CancellationToken.None);

        var received = Assert.Single(server.Messages);
        Assert.True(received.Secure, "the message was sent before the connection was upgraded to TLS");
        Assert.Equal(SmtpStandIn.User, received.AuthenticatedUser);
        Assert.Equal("no-reply@acme.example", received.MailFrom);
        Assert.Equal(["jane@example.com"], received.RcptTo);

        var message = received.Message;
        Assert.Equal("Confirm your email address for Acme", message.Subject);
        Assert.Equal("\"Acme\" <no-reply@acme.example>", message.From.ToString());
        Assert.Equal("jane@example.com", message.To.ToString());
        Assert.Equal("0193a1b2c3d4e5f60718293a4b5c6d7e.verify@acme.example", message.MessageId);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal(Mail.Text, message.TextBody);
        Assert.Equal(Mail.Html, message.HtmlBody);
    }

    [Fact]
    public async Task Implicit_TLS_delivers_over_an_encrypted_connection_from_the_first_byte()
    {
        await using var server = SmtpStandIn.Start(tls: true, implicitTls: true);

        await Transport(server, "Tls", withCredentials: true).SendAsync(Mail, CancellationToken.None);

        Assert.True(Assert.Single(server.Messages).Secure);
    }

    [Fact]
    public async Task A_server_certificate_that_fails_validation_stops_the_exchange_before_any_credential()
    {
        await using var server = SmtpStandIn.Start(tls: true);
        var settings = Settings(server, "StartTls", withCredentials: true);
        var transport = new SmtpMailTransport(settings, TimeProvider.System, certificateCheck: (_, _, _, _) => false);

        var failure = await Assert.ThrowsAsync<MailTransportException>(() => transport.SendAsync(Mail, CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.Empty(server.Logins);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task STARTTLS_refuses_a_server_that_does_not_offer_it_rather_than_sending_in_clear()
    {
        await using var server = SmtpStandIn.Start(tls: false);

        var failure = await Assert.ThrowsAsync<MailTransportException>(
            () => Transport(server, "StartTls", withCredentials: false).SendAsync(Mail, CancellationToken.None));

        Assert.False(failure.Permanent);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Wrong_credentials_are_a_failure_that_names_no_address()
    {
        await using var server = SmtpStandIn.Start(tls: true);
        var settings = TestMailSettings.Load(new Dictionary<string, string?>
        {
            ["Mail:Transport"] = "Smtp", ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Port"] = $"{server.Port}",
            ["Mail:Smtp:Username"] = SmtpStandIn.User, ["Mail:Smtp:Password"] = "wrong",
        });

        var failure = await Assert.ThrowsAsync<MailTransportException>(
            () => new SmtpMailTransport(settings, TimeProvider.System, Pinned(server)).SendAsync(Mail, CancellationToken.None));

        Assert.DoesNotContain("jane", failure.Message, StringComparison.Ordinal);
        Assert.Empty(server.Messages);
    }

    [Theory]
    [InlineData(SmtpReplyCode.MailboxUnavailable, true)] // 550: this message will not be taken, ever
    [InlineData(SmtpReplyCode.ServiceUnavailable, false)] // 421: come back later
    public async Task A_refused_message_is_a_permanent_failure_on_5xx_and_a_transient_one_on_4xx(SmtpReplyCode code, bool permanent)
    {
        await using var server = SmtpStandIn.Start(tls: true, answer: () => new SmtpResponse(code, "no thanks jane@example.com"));

        var failure = await Assert.ThrowsAsync<MailTransportException>(
            () => Transport(server, "StartTls", withCredentials: true).SendAsync(Mail, CancellationToken.None));

        Assert.Equal(permanent, failure.Permanent);
        // The server's own words may quote the address; the failure that reaches the logs does not.
        Assert.DoesNotContain("jane", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_recipient_is_the_stored_address_as_is_never_a_display_name_or_list_read_out_of_it()
    {
        // A stored value that RFC 5322 parsing would read as a display name and another mailbox, or as two addresses.
        await using var server = SmtpStandIn.Start(tls: true);
        var transport = Transport(server, "StartTls", withCredentials: true);

        foreach (var stored in new[] { "x<victim@example.com>", "a,b@example.com" })
        {
            var failure = await Record.ExceptionAsync(() => transport.SendAsync(Mail with { To = stored }, CancellationToken.None));

            // Either the relay is handed exactly that string (and refuses it) or the transport refuses it itself, for good.
            var refused = Assert.IsType<MailTransportException>(failure);
            Assert.True(refused.Permanent, $"an unusable address is retried: {refused.Message}");
            Assert.DoesNotContain("victim", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("b@example", refused.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(server.Messages, m => m.RcptTo.Contains("victim@example.com") || m.RcptTo.Contains("b@example.com"));
    }

    private static SmtpMailTransport Transport(SmtpStandIn server, string security, bool withCredentials) =>
        new(Settings(server, security, withCredentials), TimeProvider.System, Pinned(server));

    private static MailSettings Settings(SmtpStandIn server, string security, bool withCredentials) =>
        TestMailSettings.Load(new Dictionary<string, string?>
        {
            ["Mail:Transport"] = "Smtp",
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = $"{server.Port}",
            ["Mail:Smtp:Security"] = security,
            ["Mail:Smtp:Timeout"] = "00:00:10",
            ["Mail:Smtp:Username"] = withCredentials ? SmtpStandIn.User : null,
            ["Mail:Smtp:Password"] = withCredentials ? SmtpStandIn.Password : null,
        });

    /// <summary>Trusts the server's own certificate only, as an operator pins a private relay's.</summary>
    private static System.Net.Security.RemoteCertificateValidationCallback? Pinned(SmtpStandIn server) =>
        server.Certificate is { } expected
            ? (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == expected.GetCertHashString()
            : null;
}
