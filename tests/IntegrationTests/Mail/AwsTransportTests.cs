using System.Text.Json;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;
using Latch.Infrastructure.Aws;
using Latch.Infrastructure.Mail.Composition;
using Latch.Infrastructure.Mail.Outbox;
using Latch.Infrastructure.Mail.Transports;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Mail;

/// <summary>
/// The two signed AWS calls of the mail path against a stand-in that checks each signature and the exact call: the
/// API's outbox (SQS SendMessage) and the sender's transport (SES v2 SendEmail).
/// </summary>
public sealed class AwsTransportTests : IAsyncLifetime
{
    private static readonly AwsCredentials Role = new(AwsMailStandIn.AccessKeyId, AwsMailStandIn.SecretAccessKey,
        AwsMailStandIn.SessionToken, AwsMailStandIn.Region);

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _http = new();
    private AwsMailStandIn _aws = null!;

    public async Task InitializeAsync() => _aws = await AwsMailStandIn.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _aws.DisposeAsync();
    }

    [Fact]
    public async Task The_outbox_sends_one_signed_SendMessage_whose_body_is_the_message_as_JSON()
    {
        var id = Guid.Parse("0193a1b2-c3d4-7e5f-8607-18293a4b5c6d");
        var outbox = new SqsOutbox(_http, Role, new Uri(_aws.Endpoint), new Uri(AwsMailStandIn.QueueUrl), TimeProvider.System);

        await outbox.EnqueueAsync(new RegistrationRequested(id, "jane@example.com", "tok"), CancellationToken.None);

        Assert.Empty(_aws.Refusals);
        var call = Assert.Single(_aws.SentMessages);
        Assert.Equal(AwsMailStandIn.QueueUrl, call.GetProperty("QueueUrl").GetString());
        Assert.Equal("""{"type":"registration-requested","email":"jane@example.com","token":"tok","id":"0193a1b2-c3d4-7e5f-8607-18293a4b5c6d"}""",
            call.GetProperty("MessageBody").GetString());
    }

    [Fact]
    public void Every_message_kind_survives_the_queue_body_unchanged()
    {
        OutboxMessage[] messages =
        [
            new RegistrationRequested(OutboxMessage.NewId(), "a@example.com", "t1"),
            new PasswordResetRequested(OutboxMessage.NewId(), "b@example.com", "t2"),
            new EmailChangeRequested(OutboxMessage.NewId(), Guid.NewGuid(), "c@example.com", "t3"),
            new RecoveryCodeUsed(OutboxMessage.NewId(), Guid.NewGuid(), RecoveryCodeUse.Regenerate, 10),
        ];

        foreach (var message in messages)
        {
            var json = JsonSerializer.Serialize(message, OutboxJsonContext.Default.OutboxMessage);
            Assert.Equal(message, JsonSerializer.Deserialize(json, OutboxJsonContext.Default.OutboxMessage));
        }

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(
            """{"type":"password-reset-requested","id":"0193a1b2-c3d4-7e5f-8607-18293a4b5c6d","email":"x@example.com","token":"t","extra":1}""",
            OutboxJsonContext.Default.OutboxMessage));
    }

    [Fact]
    public void A_recovery_code_notice_is_ids_and_fixed_words_on_the_queue()
    {
        var message = new RecoveryCodeUsed(Guid.Parse("0193a1b2-c3d4-7e5f-8607-18293a4b5c6d"), Guid.Parse("11111111-2222-3333-4444-555555555555"),
            RecoveryCodeUse.SignIn, 9);

        var json = JsonSerializer.Serialize<OutboxMessage>(message, OutboxJsonContext.Default.OutboxMessage);

        Assert.Equal("""{"type":"recovery-code-used","userId":"11111111-2222-3333-4444-555555555555","use":"sign-in","codesLeft":9,"id":"0193a1b2-c3d4-7e5f-8607-18293a4b5c6d"}""",
            json);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json.Replace("sign-in", "unlock", StringComparison.Ordinal),
            OutboxJsonContext.Default.OutboxMessage));
    }

    [Fact]
    public async Task A_refused_SendMessage_makes_the_outbox_unavailable_without_naming_the_address()
    {
        var outbox = new SqsOutbox(_http, Role, new Uri(_aws.Endpoint), new Uri("https://sqs.eu-west-1.amazonaws.com/123456789012/other"),
            TimeProvider.System);

        var failure = await Assert.ThrowsAsync<OutboxUnavailableException>(() =>
            outbox.EnqueueAsync(new RegistrationRequested(OutboxMessage.NewId(), "jane@example.com", "tok"), CancellationToken.None));

        Assert.Contains("AccessDenied", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_aws.SentMessages);
    }

    [Fact]
    public async Task SES_gets_one_signed_SendEmail_from_the_configured_identity_with_both_bodies()
    {
        var settings = SesSettings();
        var transport = new SesMailTransport(_http, Role, new Uri(_aws.Endpoint), settings, TimeProvider.System);
        var mail = new OutgoingMail("k.verify", "jane@example.com", "Subject <1>", "text body\n", "<p>html &amp; body</p>");

        await transport.SendAsync(mail, CancellationToken.None);

        Assert.Empty(_aws.Refusals);
        var call = Assert.Single(_aws.SentEmails);
        Assert.Equal(
            """{"FromEmailAddress":"Acme <no-reply@acme.example>","FromEmailAddressIdentityArn":"arn:aws:ses:eu-west-1:123456789012:identity/acme.example","Destination":{"ToAddresses":["jane@example.com"]},"Content":{"Simple":{"Subject":{"Data":"Subject <1>","Charset":"UTF-8"},"Body":{"Text":{"Data":"text body\n","Charset":"UTF-8"},"Html":{"Data":"<p>html &amp; body</p>","Charset":"UTF-8"}},"Headers":[{"Name":"Auto-Submitted","Value":"auto-generated"}]}},"ConfigurationSetName":"latch-mail"}""",
            JsonSerializer.Serialize(call, Readable));
    }

    [Fact]
    public async Task SES_throttling_is_worth_another_try()
    {
        _aws.ThrottledRecipients["busy@example.com"] = true;
        var mail = new OutgoingMail("k.verify", "busy@example.com", "s", "t", "<p>h</p>");
        var transport = new SesMailTransport(_http, Role, new Uri(_aws.Endpoint), SesSettings(), TimeProvider.System);

        var throttled = await Assert.ThrowsAsync<MailTransportException>(() => transport.SendAsync(mail, CancellationToken.None));
        Assert.False(throttled.Permanent);
        Assert.Contains("429 TooManyRequestsException", throttled.Message, StringComparison.Ordinal);
    }

    [Theory]
    // The account, the credentials or the setup: every email fails alike until someone fixes it; the records must go back
    // to the queue (then the dead-letter queue and its alarm), not be deleted one by one.
    [InlineData(403, "AccessDeniedException", false)]
    [InlineData(403, "InvalidSignatureException", false)]
    [InlineData(403, "SignatureDoesNotMatch", false)]
    [InlineData(403, "ExpiredTokenException", false)]
    [InlineData(403, "UnrecognizedClientException", false)]
    [InlineData(403, "InvalidClientTokenId", false)]
    [InlineData(400, "MessageRejected", false)] // the sandbox refusing an unverified recipient
    [InlineData(400, "AccountSuspendedException", false)]
    [InlineData(400, "SendingPausedException", false)]
    [InlineData(400, "MailFromDomainNotVerifiedException", false)]
    [InlineData(404, "NotFoundException", false)] // the configuration set or identity is missing
    [InlineData(400, "SomethingNewException", false)]
    // This email itself (an address SES will not take): trying again cannot help.
    [InlineData(400, "BadRequestException", true)]
    public async Task Only_an_error_about_the_email_itself_is_permanent(int status, string type, bool permanent)
    {
        _aws.ScriptedErrors["jane@example.com"] = (status, type);
        var transport = new SesMailTransport(_http, Role, new Uri(_aws.Endpoint), SesSettings(), TimeProvider.System);

        var failure = await Assert.ThrowsAsync<MailTransportException>(() =>
            transport.SendAsync(new OutgoingMail("k.verify", "jane@example.com", "s", "t", "<p>h</p>"), CancellationToken.None));

        Assert.Equal(permanent, failure.Permanent);
        Assert.Contains(type, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("jane", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://email.eu-west-1.amazonaws.com", "https://email.eu-west-1.amazonaws.com/v2/email/outbound-emails")]
    [InlineData("http://127.0.0.1:4566/", "http://127.0.0.1:4566/v2/email/outbound-emails")]
    [InlineData("https://proxy.internal/ses", "https://proxy.internal/ses/v2/email/outbound-emails")]
    [InlineData("https://proxy.internal/ses/", "https://proxy.internal/ses/v2/email/outbound-emails")]
    public void An_endpoint_with_a_path_keeps_it(string endpoint, string expected) =>
        Assert.Equal(expected, SesMailTransport.SendEmailUri(new Uri(endpoint)).AbsoluteUri);

    [Fact]
    public async Task SES_is_sent_exactly_the_stored_address()
    {
        var transport = new SesMailTransport(_http, Role, new Uri(_aws.Endpoint), SesSettings(), TimeProvider.System);

        await transport.SendAsync(new OutgoingMail("k.verify", "x<victim@example.com>", "s", "t", "<p>h</p>"), CancellationToken.None);

        var call = Assert.Single(_aws.SentEmails);
        Assert.Equal(["x<victim@example.com>"],
            call.GetProperty("Destination").GetProperty("ToAddresses").EnumerateArray().Select(a => a.GetString()));
    }

    private static Latch.Infrastructure.Mail.MailSettings SesSettings(string identity = AwsMailStandIn.IdentityArn) =>
        TestMailSettings.Load(new Dictionary<string, string?>
        {
            ["Mail:Transport"] = "Ses",
            ["Mail:Ses:IdentityArn"] = identity,
            ["Mail:Ses:ConfigurationSet"] = "latch-mail",
        });
}
