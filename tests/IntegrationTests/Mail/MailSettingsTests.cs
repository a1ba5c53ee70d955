using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Mail;

namespace Latch.IntegrationTests.Mail;

/// <summary>The Mail section's start-up checks: each mistake stops start-up with a line naming the setting.</summary>
public sealed class MailSettingsTests
{
    [Fact]
    public void Development_needs_nothing_set_and_writes_to_the_mailbox_folder()
    {
        var settings = TestMailSettings.Load(new Dictionary<string, string?>
        {
            ["Mail:From"] = null, ["Mail:Links:VerifyEmail"] = null, ["Mail:Links:PasswordReset"] = null,
            ["Mail:Links:ConfirmEmailChange"] = null, ["Mail:Links:SignIn"] = null,
        }, environment: "Development");

        Assert.Equal(MailTransportKind.Mailbox, settings.Transport);
        Assert.EndsWith(Path.Combine("data", "mailbox"), settings.MailboxDirectory, StringComparison.Ordinal);
        Assert.Contains("#token={token}", settings.VerifyEmailLink, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_Development_nothing_set_means_no_mail_with_a_warning()
    {
        var settings = TestMailSettings.Load(new Dictionary<string, string?>(), environment: "Production");

        Assert.Equal(MailTransportKind.None, settings.Transport);
        Assert.Contains(settings.Warnings, w => w.StartsWith("Mail:Transport is None", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Mail:Links:VerifyEmail", "https://app.example.com/verify?token={token}", "in the fragment")]
    [InlineData("Mail:Links:PasswordReset", "https://app.example.com/reset", "in the fragment")]
    [InlineData("Mail:Links:ConfirmEmailChange", "http://app.example.com/email#token={token}", "absolute https URL")]
    [InlineData("Mail:Links:SignIn", "https://app.example.com/sign-in#{token}", "must not hold")]
    [InlineData("Mail:From", "not an address", "Mail:From must be a sender address")]
    [InlineData("Mail:Transport", "Carrier-pigeon", "Mail:Transport must be")]
    [InlineData("Mail:Smtp:Security", "Maybe", "Mail:Smtp:Security must be")]
    [InlineData("Mail:Smtp:Host", "", "Mail:Smtp:Host is required")]
    [InlineData("Mail:Queue:Url", "http://sqs.eu-west-1.amazonaws.com/1/q", "Mail:Queue:Url must be")]
    public void A_wrong_setting_stops_start_up_naming_it(string key, string value, string expected)
    {
        var failure = Assert.Throws<InvalidConfigurationException>(() => TestMailSettings.Load(new Dictionary<string, string?>
        {
            ["Mail:Transport"] = "Smtp", ["Mail:Smtp:Host"] = "smtp.example.com", [key] = value,
        }));

        Assert.Contains(failure.Problems, p => p.StartsWith(key, StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_password_is_never_sent_over_a_connection_without_TLS()
    {
        var failure = Assert.Throws<InvalidConfigurationException>(() => TestMailSettings.Load(new Dictionary<string, string?>
        {
            ["Mail:Transport"] = "Smtp", ["Mail:Smtp:Host"] = "smtp.example.com", ["Mail:Smtp:Security"] = "None",
            ["Mail:Smtp:Username"] = "u", ["Mail:Smtp:Password"] = "p",
        }));

        Assert.Contains(failure.Problems, p => p.StartsWith("Mail:Smtp:Security None", StringComparison.Ordinal));
        Assert.DoesNotContain("\"p\"", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smtp.example.com", "Production", false)]
    [InlineData("10.0.0.25", "Staging", false)]
    [InlineData("localhost", "Production", true)]
    [InlineData("127.0.0.1", "Production", true)]
    [InlineData("::1", "Production", true)]
    [InlineData("mailcatcher", "Development", true)]
    public void Plaintext_SMTP_is_for_a_loopback_relay_only_outside_Development(string host, string environment, bool starts)
    {
        var load = () => TestMailSettings.Load(new Dictionary<string, string?>
        {
            ["Mail:Transport"] = "Smtp", ["Mail:Smtp:Host"] = host, ["Mail:Smtp:Security"] = "None",
        }, environment);

        if (starts)
        {
            Assert.Equal(SmtpSecurity.None, load().SmtpSecurity);
            return;
        }

        var failure = Assert.Throws<InvalidConfigurationException>(load);
        Assert.Contains(failure.Problems, p => p.StartsWith("Mail:Smtp:Security None is only for a relay on this machine", StringComparison.Ordinal));
    }

    [Fact]
    public void Sending_outside_Development_needs_every_link()
    {
        var failure = Assert.Throws<InvalidConfigurationException>(() => TestMailSettings.Load(new Dictionary<string, string?>
        {
            ["Mail:Transport"] = "Smtp", ["Mail:Smtp:Host"] = "smtp.example.com", ["Mail:Links:PasswordReset"] = null,
        }));

        Assert.Contains(failure.Problems, p => p.StartsWith("Mail:Links:PasswordReset is required", StringComparison.Ordinal));
    }
}
