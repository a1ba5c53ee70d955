namespace Latch.Infrastructure.Mail;

/// <summary>The <c>Mail</c> section: how messages leave the request, which transport sends them, and what they say.</summary>
internal sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>
    /// <c>Mailbox</c> (one .eml per message in a folder; the Development default), <c>Smtp</c>, <c>Ses</c>, or <c>None</c>
    /// (messages are dropped, with a start-up warning; the default outside Development).
    /// </summary>
    public string? Transport { get; set; }

    /// <summary>The sender, as an address with an optional display name: <c>Latch &lt;no-reply@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>The product's name in subjects and bodies.</summary>
    public string ProductName { get; set; } = "Latch";

    public MailLinkOptions Links { get; set; } = new();

    public MailboxOptions Mailbox { get; set; } = new();

    public SmtpOptions Smtp { get; set; } = new();

    public SesOptions Ses { get; set; } = new();

    public MailQueueOptions Queue { get; set; } = new();

    public MailRetryOptions Retry { get; set; } = new();
}

/// <summary>
/// The client app's pages the emails link to. Each link with a token is a template with <c>{token}</c> in its fragment
/// (after <c>#</c>), so the token reaches no server's access log; the app reads it and POSTs it to the API.
/// </summary>
internal sealed class MailLinkOptions
{
    public string? VerifyEmail { get; set; }

    public string? PasswordReset { get; set; }

    public string? ConfirmEmailChange { get; set; }

    /// <summary>The sign-in page, named in the notices (no token).</summary>
    public string? SignIn { get; set; }
}

internal sealed class MailboxOptions
{
    /// <summary>The folder, relative to the content root unless absolute.</summary>
    public string Directory { get; set; } = "data/mailbox";
}

internal sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (required upgrade; the default), <c>Tls</c> (implicit TLS, port 465), or <c>None</c> (loopback relays only).</summary>
    public string Security { get; set; } = "StartTls";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

internal sealed class SesOptions
{
    /// <summary>The region of the SES identity; the function's own region when unset.</summary>
    public string? Region { get; set; }

    /// <summary>The verified identity's ARN, sent as <c>FromEmailAddressIdentityArn</c> (the IAM policy names it too).</summary>
    public string? IdentityArn { get; set; }

    /// <summary>An optional configuration set (event publishing, suppression).</summary>
    public string? ConfigurationSet { get; set; }
}

internal sealed class MailQueueOptions
{
    /// <summary>The SQS queue the API enqueues to; when set, messages leave the process through it instead of in process.</summary>
    public string? Url { get; set; }

    /// <summary>How long a sent message's id is remembered, so that a redelivery sends nothing (the queue's retention or more).</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromDays(4);
}

internal sealed class MailRetryOptions
{
    /// <summary>In process: messages waiting for the sender before the outbox refuses more.</summary>
    public int Capacity { get; set; } = 1000;

    /// <summary>In process: tries per email before it is dropped (and logged, without the address).</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>In process: the wait after the first failure, doubled after each further one.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(2);
}
