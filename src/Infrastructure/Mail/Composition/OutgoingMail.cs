namespace Latch.Infrastructure.Mail.Composition;

/// <summary>
/// One email, ready for a transport. <see cref="Key"/> (the message id and the recipient's role) names it for
/// de-duplication and as its Message-ID, so a redelivered message becomes the same email, not a second one.
/// </summary>
internal sealed record OutgoingMail(string Key, string To, string Subject, string Text, string Html)
{
    /// <summary>Never the address or the body (which holds the link): an email may be named in a log line.</summary>
    public override string ToString() => $"OutgoingMail {{ Key = {Key} }}";
}
