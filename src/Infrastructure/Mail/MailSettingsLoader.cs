using System.Net;
using Latch.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using MimeKit;

namespace Latch.Infrastructure.Mail;

/// <summary>
/// Binds and checks the <c>Mail</c> section. Development works with nothing set (the mailbox folder, links to a local
/// app); elsewhere a transport needs its sender and its links, and anything wrong stops start-up naming the setting.
/// </summary>
internal static class MailSettingsLoader
{
    public const string TokenPlaceholder = "{token}";
    private const string DevelopmentApp = "http://localhost:5173";

    public static MailSettings Load(IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
        var development = environment.IsDevelopment();
        var problems = new List<string>();
        var warnings = new List<string>();

        var transport = options.Transport switch
        {
            null or "" => development ? MailTransportKind.Mailbox : MailTransportKind.None,
            var name when Enum.TryParse<MailTransportKind>(name, ignoreCase: false, out var kind) && Enum.IsDefined(kind) => kind,
            _ => Refuse(problems, "Mail:Transport must be Mailbox, Smtp, Ses or None.", MailTransportKind.None),
        };
        if (transport == MailTransportKind.None)
        {
            warnings.Add("Mail:Transport is None: verification, reset and email-change messages are dropped, not sent.");
        }

        var sends = transport != MailTransportKind.None;
        var from = options.From is { Length: > 0 } given ? given : development ? "Latch <no-reply@localhost>" : null;
        if (sends && (from is null || !MailboxAddress.TryParse(from, out _)))
        {
            problems.Add("Mail:From must be a sender address, such as 'Latch <no-reply@example.com>'.");
        }

        var links = options.Links;
        var verify = Link(links.VerifyEmail, "Mail:Links:VerifyEmail", $"{DevelopmentApp}/verify-email#token={{token}}", withToken: true);
        var reset = Link(links.PasswordReset, "Mail:Links:PasswordReset", $"{DevelopmentApp}/reset-password#token={{token}}", withToken: true);
        var change = Link(links.ConfirmEmailChange, "Mail:Links:ConfirmEmailChange", $"{DevelopmentApp}/confirm-email#token={{token}}",
            withToken: true);
        var signIn = Link(links.SignIn, "Mail:Links:SignIn", $"{DevelopmentApp}/sign-in", withToken: false);

        Check(!string.IsNullOrWhiteSpace(options.ProductName) && !options.ProductName.Any(char.IsControl), problems,
            "Mail:ProductName must be a name without control characters.");

        var security = Enum.TryParse<SmtpSecurity>(options.Smtp.Security, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : Refuse(problems, "Mail:Smtp:Security must be StartTls, Tls or None.", SmtpSecurity.StartTls);
        if (transport == MailTransportKind.Smtp)
        {
            Check(!string.IsNullOrWhiteSpace(options.Smtp.Host), problems, "Mail:Smtp:Host is required when Mail:Transport is Smtp.");
            Check(options.Smtp.Port is > 0 and <= 65535, problems, "Mail:Smtp:Port must be between 1 and 65535.");
            Check(options.Smtp.Timeout > TimeSpan.Zero, problems, "Mail:Smtp:Timeout must be positive.");
            Check(string.IsNullOrEmpty(options.Smtp.Username) == string.IsNullOrEmpty(options.Smtp.Password), problems,
                "Mail:Smtp:Username and Mail:Smtp:Password are set together or not at all.");
            Check(security != SmtpSecurity.None || string.IsNullOrEmpty(options.Smtp.Password), problems,
                "Mail:Smtp:Security None sends the password in clear: use StartTls or Tls with credentials.");
            // Links with tokens would cross the network in clear: outside Development, None is for a relay on this machine.
            // Development keeps a mail catcher on another host (a container's name) working.
            Check(security != SmtpSecurity.None || development || IsLoopback(options.Smtp.Host), problems,
                "Mail:Smtp:Security None is only for a relay on this machine (localhost or a loopback IP) outside Development: " +
                "use StartTls or Tls for a remote relay.");
        }

        if (transport == MailTransportKind.Ses)
        {
            Check(options.Ses.IdentityArn is { Length: > 0 } arn && arn.StartsWith("arn:", StringComparison.Ordinal), problems,
                "Mail:Ses:IdentityArn must be the ARN of the verified SES identity when Mail:Transport is Ses.");
        }

        Uri? queue = null;
        if (options.Queue.Url is { Length: > 0 } queueUrl)
        {
            Check(Uri.TryCreate(queueUrl, UriKind.Absolute, out queue) && (queue.Scheme == Uri.UriSchemeHttps || queue.IsLoopback), problems,
                "Mail:Queue:Url must be the queue's https URL.");
        }

        Check(options.Queue.DeduplicationWindow >= TimeSpan.FromMinutes(1), problems, "Mail:Queue:DeduplicationWindow must be at least 00:01:00.");
        var retry = options.Retry;
        Check(retry.Capacity is >= 1 and <= 1_000_000, problems, "Mail:Retry:Capacity must be between 1 and 1000000.");
        Check(retry.Attempts is >= 1 and <= 20, problems, "Mail:Retry:Attempts must be between 1 and 20.");
        Check(retry.FirstDelay >= TimeSpan.Zero && retry.FirstDelay <= TimeSpan.FromMinutes(5), problems,
            "Mail:Retry:FirstDelay must be between 0 and 00:05:00.");

        if (problems.Count > 0)
        {
            throw new InvalidConfigurationException(problems);
        }

        return new MailSettings
        {
            Transport = transport,
            From = from ?? "",
            ProductName = options.ProductName.Trim(),
            VerifyEmailLink = verify,
            PasswordResetLink = reset,
            ConfirmEmailChangeLink = change,
            SignInLink = signIn,
            MailboxDirectory = Path.GetFullPath(options.Mailbox.Directory, environment.ContentRootPath),
            Smtp = options.Smtp,
            SmtpSecurity = security,
            Ses = options.Ses,
            QueueUrl = queue,
            DeduplicationWindow = options.Queue.DeduplicationWindow,
            Retry = retry,
            Warnings = warnings,
        };

        string Link(string? value, string setting, string developmentDefault, bool withToken)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (development || !sends)
                {
                    return developmentDefault;
                }

                problems.Add($"{setting} is required when mail is sent: the client app's page{(withToken ? $", with {TokenPlaceholder} in its fragment" : "")}.");
                return "";
            }

            if (!Uri.TryCreate(value.Replace(TokenPlaceholder, "t", StringComparison.Ordinal), UriKind.Absolute, out var uri) ||
                !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && (development || uri.IsLoopback))))
            {
                problems.Add($"{setting} must be an absolute https URL.");
            }
            else if (withToken && !TokenInFragment(value))
            {
                problems.Add($"{setting} must hold {TokenPlaceholder} once, in the fragment (after '#'), so the token reaches no server log.");
            }
            else if (!withToken && value.Contains(TokenPlaceholder, StringComparison.Ordinal))
            {
                problems.Add($"{setting} links to a page without a token: it must not hold {TokenPlaceholder}.");
            }

            return value;
        }
    }

    private static bool IsLoopback(string? host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
        (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    private static bool TokenInFragment(string template)
    {
        var token = template.IndexOf(TokenPlaceholder, StringComparison.Ordinal);
        var hash = template.IndexOf('#', StringComparison.Ordinal);
        return token >= 0 && token == template.LastIndexOf(TokenPlaceholder, StringComparison.Ordinal) && hash >= 0 && hash < token;
    }

    private static void Check(bool condition, List<string> problems, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }

    private static T Refuse<T>(List<string> problems, string problem, T fallback)
    {
        problems.Add(problem);
        return fallback;
    }
}
