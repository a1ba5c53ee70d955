using Microsoft.Extensions.Configuration;

namespace Latch.Tools.Deployment;

/// <summary>
/// The mail settings of a deployed stage must name the team's own sender, SES identity and client app, not the example
/// values of .env.example: those pass the app's own rules (an https link with the token in its fragment, a well-formed
/// address), so a stage deployed with them would start, and send its users links to example.com. Anything under a
/// domain reserved for examples (RFC 2606 and RFC 6761: example.com, .net and .org, and the .example, .test and
/// .invalid top-level domains) is such a placeholder: no one can receive mail there or serve the app from there.
/// </summary>
internal static class MailPlaceholders
{
    /// <summary>Each setting, with the .env variable serverless.yml fills it from.</summary>
    private static readonly (string Setting, string Variable, Func<string, string?> Host)[] Settings =
    [
        ("Mail:From", "LATCH_MAIL_FROM", AddressDomain),
        ("Mail:Ses:IdentityArn", "LATCH_SES_IDENTITY_ARN", IdentityDomain),
        ("Mail:Links:VerifyEmail", "LATCH_MAIL_LINK_VERIFY_EMAIL", LinkHost),
        ("Mail:Links:PasswordReset", "LATCH_MAIL_LINK_PASSWORD_RESET", LinkHost),
        ("Mail:Links:ConfirmEmailChange", "LATCH_MAIL_LINK_CONFIRM_EMAIL_CHANGE", LinkHost),
        ("Mail:Links:SignIn", "LATCH_MAIL_LINK_SIGN_IN", LinkHost),
    ];

    private static readonly string[] ExampleDomains = ["example.com", "example.net", "example.org"];

    private static readonly string[] ReservedTopLevelDomains = ["example", "test", "invalid"];

    /// <summary>One line per mail setting that is still a placeholder; a setting that is missing or malformed is the app's rules' to name.</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration, string stage)
    {
        foreach (var (setting, variable, host) in Settings)
        {
            if (configuration[setting] is { Length: > 0 } value && host(value) is { } domain && IsReserved(domain))
            {
                yield return $"{setting} is a placeholder under {domain}, a domain reserved for examples: put the stage's own value " +
                             $"in .env.{stage} as {variable}.";
            }
        }
    }

    internal static bool IsReserved(string domain)
    {
        var name = domain.TrimEnd('.').ToLowerInvariant();
        return ExampleDomains.Any(d => name == d || name.EndsWith("." + d, StringComparison.Ordinal)) ||
               ReservedTopLevelDomains.Any(tld => name == tld || name.EndsWith("." + tld, StringComparison.Ordinal));
    }

    // "Name <user@domain>" or "user@domain".
    private static string? AddressDomain(string from)
    {
        var address = from.Trim();
        if (address.EndsWith('>') && address.LastIndexOf('<') is var open and >= 0)
        {
            address = address[(open + 1)..^1];
        }

        var at = address.LastIndexOf('@');
        return at < 0 ? null : address[(at + 1)..].Trim();
    }

    // arn:aws:ses:<region>:<account>:identity/<domain or address>
    private static string? IdentityDomain(string arn)
    {
        const string marker = ":identity/";
        var start = arn.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var identity = arn[(start + marker.Length)..];
        return identity.Contains('@', StringComparison.Ordinal) ? AddressDomain(identity) : identity;
    }

    private static string? LinkHost(string template) =>
        Uri.TryCreate(template.Replace("{token}", "t", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Host : null;
}
