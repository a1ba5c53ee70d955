namespace Latch.Infrastructure.Mail.Outbox;

/// <summary>
/// The mail sender's log events that the deployed stack watches: serverless.yml's metric filter matches the event id
/// of the JSON log line, so the id is shared from here (tests/DeployTests compiles this file in and compares).
/// Dependency-free so that it can be shared that way.
/// </summary>
internal static class MailLogEvents
{
    /// <summary>A record whose email SES refused for good: dropped, not retried, so it never reaches the dead-letter queue.</summary>
    public const int Dropped = 7121;
}
