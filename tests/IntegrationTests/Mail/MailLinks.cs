using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using MimeKit;

namespace Latch.IntegrationTests.Mail;

/// <summary>What a person does with an email: finds the link and takes the token from its fragment, as the client app would.</summary>
internal static partial class MailLinks
{
    public static string Token(MimeMessage mail)
    {
        var match = TokenInFragment().Match(mail.TextBody ?? string.Empty);
        Assert.True(match.Success, "No link with a token in: " + mail.Subject);
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }

    /// <summary>The settings of a host whose mail lands in <paramref name="mailbox"/>, with the client app's links.</summary>
    public static Dictionary<string, string?> Settings(Mailbox mailbox) => new()
    {
        ["Mail:Transport"] = "Mailbox",
        ["Mail:Mailbox:Directory"] = mailbox.Directory,
        ["Mail:From"] = "Acme <no-reply@acme.example>",
        ["Mail:Links:VerifyEmail"] = "https://app.acme.example/verify#token={token}",
        ["Mail:Links:PasswordReset"] = "https://app.acme.example/reset#token={token}",
        ["Mail:Links:ConfirmEmailChange"] = "https://app.acme.example/email#token={token}",
        ["Mail:Links:SignIn"] = "https://app.acme.example/sign-in",
    };

    /// <summary>
    /// <see cref="Settings"/> for a host whose outbox fills at once: mail goes to <paramref name="silentRelay"/>, which
    /// accepts connections and never greets, so the sender is stuck on the first email and the backlog holds one.
    /// </summary>
    public static Dictionary<string, string?> StuckOutboxSettings(Mailbox mailbox, TcpListener silentRelay)
    {
        var settings = Settings(mailbox);
        settings["Mail:Transport"] = "Smtp";
        settings["Mail:Smtp:Host"] = "127.0.0.1";
        settings["Mail:Smtp:Port"] = ((IPEndPoint)silentRelay.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        settings["Mail:Smtp:Security"] = "None";
        settings["Mail:Retry:Capacity"] = "1";
        settings["Mail:Retry:Attempts"] = "1";
        return settings;
    }

    [GeneratedRegex(@"#token=([A-Za-z0-9_%\-]+)")]
    private static partial Regex TokenInFragment();
}
