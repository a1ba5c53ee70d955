namespace Latch.Host.Lambda.Runtime;

/// <summary>How the Lambda host talks to the Runtime API and maps API Gateway events onto requests.</summary>
public sealed class LambdaRuntimeOptions
{
    public const string ApiHandler = "api";
    public const string MailSenderHandler = "mail-sender";

    /// <summary>
    /// Which handler this function runs (<c>LATCH_HANDLER</c>): <c>api</c> (API Gateway events; the default) or
    /// <c>mail-sender</c> (SQS events of the mail queue). One package, two functions.
    /// </summary>
    public string Handler { get; set; } = ApiHandler;

    /// <summary><c>host:port</c> of the Runtime API; Lambda sets it in <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string? RuntimeApi { get; set; }

    /// <summary>
    /// A base-path mapping of a custom domain (<c>Lambda:BasePath</c>, for example <c>/accounts</c>): API Gateway
    /// leaves it in the event's path, so it is moved to <c>PathBase</c>, on a whole path segment only.
    /// </summary>
    public string? BasePath { get; set; }

    /// <summary>
    /// How long before the invocation's deadline <c>RequestAborted</c> is cancelled, so the app answers
    /// <c>503</c> instead of being killed. An app that ignores the token is answered for (a bare 503) when only a
    /// quarter of this margin is left.
    /// </summary>
    public TimeSpan DeadlineMargin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A cheap GET sent, once per payload format, through the parser, the whole pipeline and the serializer during
    /// init (before the first invocation is fetched), so all of it is warm before a client waits. Null or empty: none.
    /// </summary>
    public string? WarmupPath { get; set; } = "/health/live";
}
