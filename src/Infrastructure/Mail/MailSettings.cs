namespace Latch.Infrastructure.Mail;

internal enum MailTransportKind
{
    None,
    Mailbox,
    Smtp,
    Ses,
}

internal enum SmtpSecurity
{
    StartTls,
    Tls,
    None,
}

/// <summary>The <c>Mail</c> settings, checked and resolved once at start-up.</summary>
internal sealed class MailSettings
{
    public required MailTransportKind Transport { get; init; }

    public required string From { get; init; }

    public required string ProductName { get; init; }

    public required string VerifyEmailLink { get; init; }

    public required string PasswordResetLink { get; init; }

    public required string ConfirmEmailChangeLink { get; init; }

    public required string SignInLink { get; init; }

    /// <summary>The mailbox folder, absolute.</summary>
    public required string MailboxDirectory { get; init; }

    public required SmtpOptions Smtp { get; init; }

    public required SmtpSecurity SmtpSecurity { get; init; }

    public required SesOptions Ses { get; init; }

    public required Uri? QueueUrl { get; init; }

    public required TimeSpan DeduplicationWindow { get; init; }

    public required MailRetryOptions Retry { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }
}
