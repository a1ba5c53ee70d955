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

    [GeneratedRegex(@"#token=([A-Za-z0-9_%\-]+)")]
    private static partial Regex TokenInFragment();
}
