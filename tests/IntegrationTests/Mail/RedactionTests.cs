using Latch.Application.Common.Outbox;
using Latch.Infrastructure.Mail.Composition;

namespace Latch.IntegrationTests.Mail;

/// <summary>A message or an email that ends up in a log line or an exception shows its id, never an address, token or body.</summary>
public sealed class RedactionTests
{
    [Fact]
    public void Messages_and_emails_print_their_id_only()
    {
        var id = OutboxMessage.NewId();
        OutboxMessage[] messages =
        [
            new RegistrationRequested(id, "jane@example.com", "secret-token"),
            new PasswordResetRequested(id, "jane@example.com", "secret-token"),
            new EmailChangeRequested(id, Guid.NewGuid(), "jane@example.com", "secret-token"),
        ];
        var mail = new OutgoingMail("k.verify", "jane@example.com", "Subject", "https://app.example.com/v#token=secret-token", "<p/>");

        foreach (var text in messages.Select(m => m.ToString()).Append(mail.ToString()))
        {
            Assert.DoesNotContain("jane", text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-token", text, StringComparison.Ordinal);
        }

        Assert.Equal($"RegistrationRequested {{ Id = {id} }}", messages[0].ToString());
    }
}
