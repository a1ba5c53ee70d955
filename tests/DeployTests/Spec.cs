namespace Latch.DeployTests;

/// <summary>
/// The AWS security configuration the stack must have (issue: serverless.yml as code). Checks compare the
/// generated template with these values, never with serverless.yml, so a changed setting is caught.
/// </summary>
internal static class Spec
{
    public const string Runtime = "provided.al2023";
    public const string Handler = "bootstrap";
    public const string Architecture = "x86_64";
    public const string ArtifactFileName = "lambda.zip";
    public const int MemorySize = 256;
    public const int TimeoutSeconds = 15;
    public const int LogRetentionDays = 7;
    public const int StageBurstLimit = 2000;
    public const int WafRateLimit = 1000;
    public const int WafWindowSeconds = 60;
    public const string AlertEmailParameter = "AlertEmail";

    /// <summary>The setting holding the ARN of the one secret the function reads at start-up.</summary>
    public const string SecretArnSetting = "SecretsManager__SecretArn";

    /// <summary>API Gateway security policies that refuse TLS 1.0 and 1.1 (prefixes: the enhanced ones carry a date).</summary>
    public static readonly string[] Tls12OrLaterPolicies = ["TLS_1_2", "SecurityPolicy_TLS13_1_3_", "SecurityPolicy_TLS13_1_2_", "SecurityPolicy_TLS12_"];

    public const string ApiFunctionSuffix = "-api";
    public const string MailSenderFunctionSuffix = "-mail-sender";
    public const string MailQueue = "MailQueue";
    public const int MaxMailReceiveCount = 10;

    /// <summary>The highest threshold of the mail sender's Errors alarm: a few errors in 5 minutes, as the API's.</summary>
    public const int MaxMailSenderErrors = 5;

    /// <summary>Exactly what the API function's role may do: write its own logs and its traces, read its secret, enqueue mail.</summary>
    public static readonly string[] FunctionRoleActions =
    [
        "secretsmanager:GetSecretValue",
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "sqs:SendMessage",
    ];

    /// <summary>Exactly what the mail sender's role may do: its logs and traces, its secret, consume the mail queue, send from one identity.</summary>
    public static readonly string[] MailSenderRoleActions =
    [
        "secretsmanager:GetSecretValue",
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:GetQueueAttributes",
        "ses:SendEmail",
    ];

    /// <summary>The ADOT collector layer build for each Lambda architecture.</summary>
    public static readonly IReadOnlyDictionary<string, string> AdotLayerArchitecture = new Dictionary<string, string>
    {
        ["x86_64"] = "amd64",
        ["arm64"] = "arm64",
    };

    /// <summary>Settings the app reads that the stack must set (secrets are checked separately).</summary>
    public static readonly IReadOnlyDictionary<string, string?> Environment = new Dictionary<string, string?>
    {
        ["ASPNETCORE_ENVIRONMENT"] = null,
        ["Storage__Provider"] = "Mongo",
        ["Telemetry__Exporter"] = "otlp",
        ["Jwt__Issuer"] = null,
        ["Jwt__Audience"] = null,
        ["Jwt__Keys__0__Id"] = null,
        ["Jwt__Keys__0__Algorithm"] = null,
        ["Passwords__BcryptWorkFactor"] = null,
        ["Storage__Mongo__Database"] = null,
        ["RateLimiting__PerIp__BurstLimit"] = null,
        ["RateLimiting__PerIp__PerMinute"] = null,
        ["RateLimiting__Auth__PerMinute"] = null,
        ["OTEL_SERVICE_NAME"] = null,
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        // The collector layer's default configuration stores no metrics (docs/deploy.md, "Metrics").
        ["OTEL_METRICS_EXPORTER"] = "none",
    };

    /// <summary>Alarms the stack must raise, by CloudWatch namespace and metric.</summary>
    public static readonly (string Namespace, string Metric)[] Alarms =
    [
        ("AWS/Lambda", "Errors"),
        ("AWS/Lambda", "Invocations"),
        ("AWS/Lambda", "Throttles"),
        ("AWS/Lambda", "Duration"),
        ("AWS/Lambda", "ConcurrentExecutions"),
        ("AWS/ApiGateway", "5XXError"),
        ("AWS/WAFV2", "BlockedRequests"),
    ];
}

/// <summary>What differs between the packaged stages.</summary>
/// <param name="Name">The stage name (serverless --stage).</param>
/// <param name="ReservedConcurrency">The exact reserved concurrency, or null when any positive value will do.</param>
/// <param name="PublicOriginsOnly">Only https origins, no localhost (production).</param>
/// <param name="CustomDomain">Whether the example settings packaged for this stage set a custom domain.</param>
internal sealed record StageSpec(string Name, int? ReservedConcurrency, bool PublicOriginsOnly, bool CustomDomain)
{
    public static readonly StageSpec Prod = new("prod", ReservedConcurrency: 100, PublicOriginsOnly: true, CustomDomain: false);

    /// <summary>Packaged with an example custom domain, so the domain branch is checked too.</summary>
    public static readonly StageSpec Dev = new("dev", ReservedConcurrency: null, PublicOriginsOnly: false, CustomDomain: true);

    public static StageSpec Named(string name) => name switch
    {
        "prod" => Prod,
        "dev" => Dev,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such packaged stage"),
    };
}
