using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;
using Latch.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// The delivery path on the Kestrel host, end to end: a message handed to the host's outbox is picked up by the
/// background sender, which looks the account up in the real store and writes the email it deserves into the mailbox
/// folder (Development's transport). Accounts are made through the API, as a user makes them.
/// </summary>
public sealed class MailboxDeliveryTests : IDisposable
{
    private const string Product = "Acme <Sign-in> & Co";
    private readonly Mailbox _mailbox = new();
    private readonly KestrelFactory _factory;

    public MailboxDeliveryTests()
    {
        _factory = new KestrelFactory(new Dictionary<string, string?>
        {
            ["Mail:Transport"] = "Mailbox",
            ["Mail:Mailbox:Directory"] = _mailbox.Directory,
            ["Mail:From"] = "Acme <no-reply@acme.example>",
            ["Mail:ProductName"] = Product,
            ["Mail:Links:VerifyEmail"] = "https://app.acme.example/verify#token={token}",
            ["Mail:Links:PasswordReset"] = "https://app.acme.example/reset#token={token}",
            ["Mail:Links:ConfirmEmailChange"] = "https://app.acme.example/email#token={token}",
            ["Mail:Links:SignIn"] = "https://app.acme.example/sign-in?from=mail&x=<y>",
        });
    }

    private IOutbox Outbox => _factory.Services.GetRequiredService<IOutbox>();

    [Fact]
    public async Task A_new_address_gets_a_verification_link_and_a_registered_one_a_notice()
    {
        var registered = Api.NewEmail("registered");
        await _factory.Socket().Register(registered);
        var fresh = Api.NewEmail("fresh");

        await Outbox.EnqueueAsync(new RegistrationRequested(OutboxMessage.NewId(), fresh, "tok/en+1="), CancellationToken.None);
        await Outbox.EnqueueAsync(new RegistrationRequested(OutboxMessage.NewId(), registered, "tok-2"), CancellationToken.None);

        var verification = Assert.Single(await _mailbox.ForAsync(fresh));
        Assert.Equal($"Confirm your email address for {Product}", verification.Subject);
        Assert.Contains("https://app.acme.example/verify#token=tok%2Fen%2B1%3D", verification.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://app.acme.example/verify#token=tok%2Fen%2B1%3D\"", verification.HtmlBody, StringComparison.Ordinal);

        var notice = Assert.Single(await _mailbox.ForAsync(registered));
        Assert.Equal($"Someone tried to create a {Product} account with your address", notice.Subject);
        Assert.DoesNotContain("tok-2", notice.TextBody + notice.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("https://app.acme.example/sign-in", notice.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_inserted_value_is_HTML_encoded_and_the_message_has_both_parts()
    {
        var fresh = Api.NewEmail("encoded");
        await Outbox.EnqueueAsync(new RegistrationRequested(OutboxMessage.NewId(), fresh, "t"), CancellationToken.None);
        var registered = Api.NewEmail("encoded-notice");
        await _factory.Socket().Register(registered);
        await Outbox.EnqueueAsync(new RegistrationRequested(OutboxMessage.NewId(), registered, "t"), CancellationToken.None);

        var mail = Assert.Single(await _mailbox.ForAsync(fresh));
        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("Acme", Assert.Single(mail.From.Mailboxes).Name);
        Assert.Equal("no-reply@acme.example", Assert.Single(mail.From.Mailboxes).Address);
        Assert.EndsWith("@acme.example", mail.MessageId, StringComparison.Ordinal);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);

        Assert.Contains(Product, mail.TextBody, StringComparison.Ordinal); // plain text stays as written
        Assert.DoesNotContain("<Sign-in>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Acme &lt;Sign-in&gt; &amp; Co", mail.HtmlBody, StringComparison.Ordinal);

        var notice = Assert.Single(await _mailbox.ForAsync(registered));
        Assert.DoesNotContain("x=<y>", notice.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("from=mail&amp;x=&lt;y&gt;", notice.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_reaches_an_existing_account_and_an_unknown_address_gets_nothing()
    {
        var registered = Api.NewEmail("reset");
        await _factory.Socket().Register(registered);
        var unknown = Api.NewEmail("unknown");

        await Outbox.EnqueueAsync(new PasswordResetRequested(OutboxMessage.NewId(), unknown, "lost"), CancellationToken.None);
        await Outbox.EnqueueAsync(new PasswordResetRequested(OutboxMessage.NewId(), registered, "reset-token"), CancellationToken.None);

        var reset = Assert.Single(await _mailbox.ForAsync(registered));
        Assert.Equal($"Reset your {Product} password", reset.Subject);
        Assert.Contains("https://app.acme.example/reset#token=reset-token", reset.TextBody, StringComparison.Ordinal);
        // Messages are sent in order: the unknown address's came first, so had it become an email it would be there by now.
        Assert.DoesNotContain(_mailbox.All(), m => m.To.Mailboxes.Any(a => a.Address == unknown));
    }

    [Fact]
    public async Task An_email_change_confirms_a_free_address_warns_a_taken_one_and_tells_the_old_one()
    {
        var owner = Api.NewEmail("owner");
        var ownerId = UserId(await _factory.Socket().Register(owner));
        var taken = Api.NewEmail("taken");
        await _factory.Socket().Register(taken);
        var free = Api.NewEmail("free");

        await Outbox.EnqueueAsync(new EmailChangeRequested(OutboxMessage.NewId(), ownerId, free, "change-1"), CancellationToken.None);
        await Outbox.EnqueueAsync(new EmailChangeRequested(OutboxMessage.NewId(), ownerId, taken, "change-2"), CancellationToken.None);

        var confirmation = Assert.Single(await _mailbox.ForAsync(free));
        Assert.Contains("https://app.acme.example/email#token=change-1", confirmation.TextBody, StringComparison.Ordinal);
        var takenNotice = Assert.Single(await _mailbox.ForAsync(taken));
        Assert.Equal($"Someone tried to move a {Product} account to your address", takenNotice.Subject);
        Assert.DoesNotContain("change-2", takenNotice.TextBody + takenNotice.HtmlBody, StringComparison.Ordinal);

        var notices = await _mailbox.ForAsync(owner, count: 2);
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Equal($"Your {Product} email address is about to change", n.Subject));
        Assert.All(notices, n => Assert.DoesNotContain("change-", n.TextBody + n.HtmlBody, StringComparison.Ordinal));
        // The old address learns where the account is going, masked.
        Assert.Contains(notices, n => n.TextBody?.Contains("f***@example.com", StringComparison.Ordinal) == true);
    }

    private static Guid UserId(Tokens tokens) => Guid.Parse(tokens.UserId);

    public void Dispose()
    {
        _factory.Dispose();
        _mailbox.Dispose();
    }
}
