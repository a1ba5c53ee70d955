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

    /// <summary>The function of the password-hashing routes (ADR 0016): the API's package, one full vCPU for bcrypt.</summary>
    public const string HashingFunctionSuffix = "-hashing";

    /// <summary>Lambda gives a function one full vCPU at 1,769 MB; bcrypt is one thread, so more buys it nothing.</summary>
    public const int HashingMemorySize = 1769;

    /// <summary>
    /// Sign-in p50 in seconds by bcrypt work factor and function memory (MB), from ADR 0016's measurements (the packaged
    /// bootstrap behind the Runtime API emulator in a CPU cgroup of the memory's vCPU share). The ceiling check turns a
    /// stage's reserved concurrency into sign-ins per second with them.
    /// </summary>
    public static readonly IReadOnlyDictionary<(int WorkFactor, int MemoryMb), double> SignInSeconds = new Dictionary<(int, int), double>
    {
        [(12, MemorySize)] = 1.89,
        [(12, HashingMemorySize)] = 0.26,
        [(10, MemorySize)] = 0.49,
        [(10, HashingMemorySize)] = 0.07,
    };
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
/// <param name="ReservedConcurrency">The API function's exact reserved concurrency, or null when any positive value will do.</param>
/// <param name="PublicOriginsOnly">Only https origins, no localhost (production).</param>
/// <param name="CustomDomain">Whether the example settings packaged for this stage set a custom domain.</param>
internal sealed record StageSpec(string Name, int? ReservedConcurrency, bool PublicOriginsOnly, bool CustomDomain)
{
    public static readonly StageSpec Prod = new("prod", ReservedConcurrency: 3, PublicOriginsOnly: true, CustomDomain: false)
    {
        HashingReservedConcurrency = 14, CeilingBaseline = 100, SignInCeilingShare = 1.0,
    };

    /// <summary>Packaged with an example custom domain, so the domain branch is checked too.</summary>
    public static readonly StageSpec Dev = new("dev", ReservedConcurrency: null, PublicOriginsOnly: false, CustomDomain: true)
    {
        // Two functions cannot keep both of dev's ceilings at work factor 10 (ADR 0016): the cost ceiling is kept, and
        // the sign-in ceiling of a staging stage may fall to 70% of the one function's.
        CeilingBaseline = 20, SignInCeilingShare = 0.7,
    };

    /// <summary>The hashing function's exact reserved concurrency, or null when any positive value will do.</summary>
    public int? HashingReservedConcurrency { get; init; }

    /// <summary>
    /// The reserved concurrency of the one 256 MB function that served every route before ADR 0016: the API functions'
    /// GB-seconds per second at full concurrency may not exceed its, nor their sign-ins per second fall below it.
    /// </summary>
    public int CeilingBaseline { get; init; }

    /// <summary>The share of the baseline's sign-in throughput ceiling the stage must keep (1: all of it).</summary>
    public double SignInCeilingShare { get; init; }

    public static StageSpec Named(string name) => name switch
    {
        "prod" => Prod,
        "dev" => Dev,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such packaged stage"),
    };
}
