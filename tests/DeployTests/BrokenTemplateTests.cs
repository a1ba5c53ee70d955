using System.Text.Json.Nodes;

namespace Latch.DeployTests;

/// <summary>
/// Each case breaks one setting in a copy of the packaged prod template and expects the matching check to name
/// it, after the same check found nothing wrong with the untouched template: no check passes by looking away.
/// </summary>
public sealed class BrokenTemplateTests
{
    private sealed record Case(Func<Template, IReadOnlyList<string>> Check, Action<JsonObject> Break, string Expected);

    private static readonly StageSpec Prod = StageSpec.Prod;

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Function
        ["timeout 30"] = new(t => Checks.Function(t, Prod), r => Function(r)["Timeout"] = 30, "Timeout is 30"),
        ["memory 512"] = new(t => Checks.Function(t, Prod), r => Function(r)["MemorySize"] = 512, "MemorySize is 512"),
        ["no reserved concurrency"] = new(t => Checks.Function(t, Prod),
            r => Function(r).Remove("ReservedConcurrentExecutions"), "ReservedConcurrentExecutions is missing"),
        ["reserved concurrency 50"] = new(t => Checks.Function(t, Prod),
            r => Function(r)["ReservedConcurrentExecutions"] = 50, "ReservedConcurrentExecutions is 50"),
        ["managed .NET runtime"] = new(t => Checks.Function(t, Prod), r => Function(r)["Runtime"] = "dotnet8", "Runtime is dotnet8"),
        ["arm64"] = new(t => Checks.Function(t, Prod), r => Function(r)["Architectures"] = new JsonArray("arm64"), "Architectures is arm64"),
        ["arm64 with the amd64 collector"] = new(Checks.Telemetry,
            r => Function(r)["Architectures"] = new JsonArray("arm64"), "not the build for architecture arm64"),
        ["no collector layer"] = new(Checks.Telemetry, r => Function(r).Remove("Layers"), "expected one ADOT collector layer"),
        ["tracing pass-through"] = new(Checks.Tracing,
            r => Function(r)["TracingConfig"] = new JsonObject { ["Mode"] = "PassThrough" }, "TracingConfig.Mode is PassThrough"),
        ["stage tracing off"] = new(Checks.Tracing, r => Only(r, "AWS::ApiGateway::Stage")["TracingEnabled"] = false, "stage TracingEnabled is False"),
        ["development environment"] = new(Checks.Settings,
            r => Variables(r)["ASPNETCORE_ENVIRONMENT"] = "Development", "ASPNETCORE_ENVIRONMENT is Development, expected Production or Staging"),
        ["embedded store"] = new(Checks.Settings, r => Variables(r)["Storage__Provider"] = "Sqlite", "Storage__Provider is Sqlite"),

        // Secrets
        ["Mongo connection string in the environment"] = new(Checks.SecretSettings,
            r => Variables(r)["Storage__Mongo__ConnectionString"] = "mongodb+srv://latch:hunter2hunter2@cluster0.example.net/latch",
            "Storage__Mongo__ConnectionString is in the function's environment"),
        ["HS256 secret in the environment"] = new(Checks.SecretSettings,
            r => Variables(r)["Jwt__Keys__1__Secret"] = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA==",
            "Jwt__Keys__1__Secret is in the function's environment"),
        ["pepper resolved at deploy time"] = new(Checks.SecretSettings,
            r => Variables(r)["Passwords__Pepper"] = "{{resolve:secretsmanager:latch/prod:SecretString:passwordPepper}}",
            "Passwords__Pepper is in the function's environment"),
        ["dynamic reference under another name"] = new(Checks.SecretSettings,
            r => Variables(r)["SIGNING"] = "{{resolve:secretsmanager:latch/prod:SecretString:jwtPrivateKeyPem}}", "holds a dynamic reference"),
        ["no secret ARN"] = new(Checks.SecretSettings, r => Variables(r).Remove("SecretsManager__SecretArn"), "SecretsManager__SecretArn is missing"),
        ["secret by name, not ARN"] = new(Checks.SecretSettings, r => Variables(r)["SecretsManager__SecretArn"] = "latch/prod",
            "SecretsManager__SecretArn is latch/prod, expected the full ARN"),
        ["connection string with a password"] = new(Checks.SecretLiterals,
            r => Variables(r)["MONGO_URL"] = "mongodb+srv://latch:hunter2hunter2@cluster0.example.net/latch", "secret-looking"),
        ["private key"] = new(Checks.SecretLiterals,
            r => Variables(r)["SIGNING_KEY"] = "-----BEGIN EC PRIVATE" + " KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE" + " KEY-----", "secret-looking"),
        ["AWS access key"] = new(Checks.SecretLiterals, r => Variables(r)["KEY_ID"] = "AKIA" + "IOSFODNN7EXAMPLE", "secret-looking"),
        ["password in a setting"] = new(Checks.SecretLiterals, r => Variables(r)["SMTP"] = "host=mail;password=correct-horse", "secret-looking"),
        ["random base64 key"] = new(Checks.SecretLiterals,
            r => Variables(r)["Jwt__Keys__0__Id"] = "UqxUnZO2qrYY4Z5V83nwbFMfHIg40WhDdYiBjxM6M8s=", "random-looking"),
        ["random hex key"] = new(Checks.SecretLiterals,
            r => Only(r, "AWS::SNS::Topic")["DisplayName"] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "random-looking"),

        // IAM
        ["wildcard action"] = new(Checks.FunctionRole, r => RoleStatements(r).Add(Allow("*", "*")), "wildcard action *"),
        ["service wildcard action"] = new(Checks.FunctionRole, r => RoleStatements(r).Add(Allow("logs:*", "*")), "wildcard action logs:*"),
        ["extra action"] = new(Checks.FunctionRole, r => RoleStatements(r).Add(Allow("s3:GetObject", "arn:aws:s3:::bucket/*")), "s3:GetObject"),
        ["extra action on every resource"] = new(Checks.FunctionRole,
            r => RoleStatements(r).Add(Allow("secretsmanager:GetSecretValue", "*")), "secretsmanager:GetSecretValue on every resource"),
        ["missing X-Ray action"] = new(Checks.FunctionRole, r => RoleStatements(r).RemoveAt(1), "expected exactly"),
        ["every secret readable"] = new(Checks.FunctionRole,
            r => RoleStatements(r)[2]!["Resource"] = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:*",
            "allows secretsmanager actions on arn:aws:secretsmanager:eu-west-1:123456789012:secret:*, not only the function's secret"),
        ["another secret readable"] = new(Checks.FunctionRole,
            r => RoleStatements(r)[2]!["Resource"] = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:latch/dev-XyZ123",
            "not only the function's secret"),
        ["logs on every log group"] = new(Checks.FunctionRole,
            r => RoleStatements(r)[0]!["Resource"] = "arn:aws:logs:*:*:*", "log actions on arn:aws:logs:*:*:*"),
        ["managed policy"] = new(Checks.FunctionRole,
            r => Role(r)["ManagedPolicyArns"] = new JsonArray("arn:aws:iam::aws:policy/AdministratorAccess"), "managed policies"),
        ["API may read the mail queue"] = new(Checks.FunctionRole,
            r => RoleStatements(r).Add(Allow("sqs:ReceiveMessage", "arn:aws:sqs:eu-west-1:123456789012:latch-prod-mail")), "sqs:ReceiveMessage"),
        ["API may send to any queue"] = new(Checks.FunctionRole,
            r => RoleStatements(r)[3]!["Resource"] = "arn:aws:sqs:eu-west-1:123456789012:*", "sqs actions on arn:aws:sqs:eu-west-1:123456789012:*"),
        ["API may send email"] = new(Checks.FunctionRole,
            r => RoleStatements(r).Add(Allow("ses:SendEmail", "arn:aws:ses:eu-west-1:123456789012:identity/example.com")), "ses:SendEmail"),
        ["sender may send from any identity"] = new(Checks.MailSenderRole,
            r => SenderRoleStatements(r)[4]!["Resource"] = "*", "ses:SendEmail on every resource"),
        ["sender may send from another identity"] = new(Checks.MailSenderRole,
            r => SenderRoleStatements(r)[4]!["Resource"] = "arn:aws:ses:eu-west-1:123456789012:identity/other.example", "not only the identity"),
        ["sender may enqueue"] = new(Checks.MailSenderRole,
            r => SenderRoleStatements(r).Add(Allow("sqs:SendMessage", "arn:aws:sqs:eu-west-1:123456789012:latch-prod-mail")), "sqs:SendMessage"),

        // Mail
        ["mail queue unencrypted"] = new(Checks.MailQueue, r => Queue(r, "MailQueue").Remove("SqsManagedSseEnabled"), "queue MailQueue is not encrypted"),
        ["dead-letter queue unencrypted"] = new(Checks.MailQueue,
            r => Queue(r, "MailDeadLetterQueue")["SqsManagedSseEnabled"] = false, "queue MailDeadLetterQueue is not encrypted"),
        ["no redrive"] = new(Checks.MailQueue, r => Queue(r, "MailQueue").Remove("RedrivePolicy"), "maxReceiveCount is missing"),
        ["redrive after 100 receives"] = new(Checks.MailQueue,
            r => Queue(r, "MailQueue")["RedrivePolicy"]!["maxReceiveCount"] = 100, "maxReceiveCount is 100"),
        ["no dead-letter alarm"] = new(Checks.MailQueue, r => Resources(r).Remove("MailDeadLetterAlarm"), "no alarm to AlertTopic on the depth"),
        ["no partial batch response"] = new(Checks.MailSender,
            r => EventSourceMapping(r).Remove("FunctionResponseTypes"), "does not report batch item failures"),
        ["sender without its handler"] = new(Checks.MailSender,
            r => MailSender(r)["Environment"]!["Variables"]!.AsObject().Remove("LATCH_HANDLER"), "mail sender LATCH_HANDLER is missing"),
        ["sender from another package"] = new(Checks.MailSender,
            r => MailSender(r)["Code"]!["S3Key"] = "other/lambda.zip", "not the API's package"),
        ["API enqueues elsewhere"] = new(Checks.MailSender,
            r => Variables(r)["Mail__Queue__Url"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/other", "Mail__Queue__Url is not"),
        ["policy attached beside"] = new(Checks.FunctionRole, r => Resources(r)["ExtraPolicy"] = new JsonObject
        {
            ["Type"] = "AWS::IAM::Policy",
            ["Properties"] = new JsonObject
            {
                ["Roles"] = new JsonArray(new JsonObject { ["Ref"] = RoleId(r) }),
                ["PolicyDocument"] = new JsonObject { ["Statement"] = new JsonArray(Allow("dynamodb:Scan", "*")) },
            },
        }, "attaches more permissions"),

        // API Gateway
        ["no proxy route"] = new(Checks.ApiRoutes,
            r => Methods(r).ForEach(m => m["HttpMethod"] = m["HttpMethod"]!.GetValue<string>() == "ANY" ? "GET" : m["HttpMethod"]!.GetValue<string>()),
            "no ANY method"),
        ["burst 5000"] = new(Checks.Stage, r => StageWide(r)["ThrottlingBurstLimit"] = 5000, "ThrottlingBurstLimit is 5000"),
        ["no stage throttling"] = new(Checks.Stage, r => Only(r, "AWS::ApiGateway::Stage").Remove("MethodSettings"), "no stage-wide MethodSettings"),
        ["request bodies in logs"] = new(Checks.Stage, r => StageWide(r)["DataTraceEnabled"] = true, "DataTraceEnabled is true"),
        ["implicit stage"] = new(Checks.Stage, r => Only(r, "AWS::ApiGateway::Deployment")["StageName"] = "prod", "creates a stage of its own"),
        ["no access logs"] = new(Checks.Stage, r => Only(r, "AWS::ApiGateway::Stage").Remove("AccessLogSetting"), "access logs"),

        // Logs
        ["retention 14"] = new(Checks.LogRetention,
            r => LogGroup(r, "/aws/api-gateway/")["RetentionInDays"] = 14, "RetentionInDays is 14"),
        ["no retention on the function logs"] = new(Checks.LogRetention,
            r => LogGroup(r, "/aws/lambda/latch-prod-api").Remove("RetentionInDays"), "RetentionInDays is missing"),
        ["function log group left to Lambda"] = new(Checks.LogRetention,
            r => LogGroup(r, "/aws/lambda/latch-prod-api")["LogGroupName"] = "/aws/lambda/another-function", "the function's log group"),
        ["mail sender log group left to Lambda"] = new(Checks.LogRetention,
            r => LogGroup(r, "/aws/lambda/latch-prod-mail-sender")["LogGroupName"] = "/aws/lambda/another-function",
            "the function's log group /aws/lambda/latch-prod-mail-sender"),

        // CORS
        ["wildcard origin in prod"] = new(t => Checks.Cors(t, Prod), r => Variables(r)["Cors__AllowedOrigins__0"] = "*", "origin * is a wildcard"),
        ["localhost origin in prod"] = new(t => Checks.Cors(t, Prod),
            r => Variables(r)["Cors__AllowedOrigins__0"] = "http://localhost:3000", "only public https origins"),
        ["gateway allows an origin the app does not"] = new(t => Checks.Cors(t, Prod),
            r => Preflight(r)["method.response.header.Access-Control-Allow-Origin"] = "'https://evil.example.net'",
            "allows origin https://evil.example.net, which the app does not"),
        ["default preflight allowing PUT and HEAD"] = new(Checks.PreflightMethods,
            r => Preflight(r)["method.response.header.Access-Control-Allow-Methods"] = "'OPTIONS,DELETE,GET,HEAD,PATCH,POST,PUT'",
            "allows methods DELETE,GET,HEAD,PATCH,POST,PUT, the app's CORS policy DELETE,GET,PATCH,POST"),
        ["default preflight without DELETE"] = new(Checks.PreflightMethods,
            r => Preflight(r)["method.response.header.Access-Control-Allow-Methods"] = "'GET,POST,PATCH,OPTIONS'",
            "allows methods GET,PATCH,POST, the app's CORS policy DELETE,GET,PATCH,POST"),
        ["preflighted methods not proxied"] = new(Checks.PreflightMethods, r => Resources(r).Remove("ApiGatewayMethodProxyVarAny"),
            "allows POST, which no method of the resource proxies to the function"),
        // The resources carved out for the hashing function (ADR 0016): outside /v1/auth/ the default preflight, with its
        // narrowed methods; under /v1/auth/ the credentialed one, which PreflightMethods leaves to CredentialedCors.
        ["carved resource preflight allowing PUT and HEAD"] = new(Checks.PreflightMethods,
            r => PreflightOn(r, "ApiGatewayResourceV1UsersMe")["method.response.header.Access-Control-Allow-Methods"] = "'OPTIONS,DELETE,GET,HEAD,PATCH,POST,PUT'",
            "(/v1/users/me) allows methods DELETE,GET,HEAD,PATCH,POST,PUT, the app's CORS policy DELETE,GET,PATCH,POST"),
        ["carved sign-in preflight allowing the default methods"] = new(Checks.CredentialedCors,
            r => PreflightOn(r, "ApiGatewayResourceV1AuthLogin")["method.response.header.Access-Control-Allow-Methods"] = "'GET,POST,PATCH,DELETE,OPTIONS'",
            "(/v1/auth/login) allows methods DELETE,GET,PATCH,POST, the app's CORS policy POST"),
        ["gap in the origin list"] = new(t => Checks.Cors(t, Prod),
            r => Variables(r)["Cors__AllowedOrigins__2"] = "https://late.example.com", "Cors__AllowedOrigins__2 does not continue the sequence"),

        // TLS of the default endpoint
        ["no REST API policy"] = new(Checks.DefaultEndpointTls, r => Only(r, "AWS::ApiGateway::RestApi").Remove("SecurityPolicy"),
            "REST API SecurityPolicy is missing"),
        ["REST API TLS 1.0"] = new(Checks.DefaultEndpointTls, r => Only(r, "AWS::ApiGateway::RestApi")["SecurityPolicy"] = "TLS_1_0",
            "REST API SecurityPolicy is TLS_1_0"),
        ["enhanced policy without access mode"] = new(Checks.DefaultEndpointTls,
            r => Only(r, "AWS::ApiGateway::RestApi").Remove("EndpointAccessMode"), "EndpointAccessMode is missing"),

        // Custom domain
        ["TLS 1.0"] = new(t => Checks.CustomDomain(t, Prod),
            r => Only(r, "AWS::ApiGateway::DomainName")["SecurityPolicy"] = "TLS_1_0", "SecurityPolicy is TLS_1_0"),
        ["default endpoint kept with a domain"] = new(t => Checks.CustomDomain(t, Prod),
            r => Only(r, "AWS::ApiGateway::RestApi")["DisableExecuteApiEndpoint"] = false, "DisableExecuteApiEndpoint"),
        ["domain switched on in prod's example"] = new(t => Checks.CustomDomain(t, Prod),
            r => r["Conditions"]!["HasCustomDomain"] = new JsonObject { ["Fn::Not"] = new JsonArray(new JsonObject { ["Fn::Equals"] = new JsonArray("x", "") }) },
            "evaluates to True in prod"),
        ["no API URL output"] = new(Checks.ApiUrlOutput, r => r["Outputs"]!.AsObject().Remove("ApiUrl"), "output ApiUrl is missing"),

        // WAF
        ["WAF limit 2000"] = new(Checks.Waf, r => RateRule(r)["Limit"] = 2000, "Limit is 2000"),
        ["WAF window 300"] = new(Checks.Waf, r => RateRule(r)["EvaluationWindowSec"] = 300, "EvaluationWindowSec is 300"),
        ["WAF default window"] = new(Checks.Waf, r => RateRule(r).Remove("EvaluationWindowSec"), "EvaluationWindowSec is missing"),
        ["WAF only counts"] = new(Checks.Waf,
            r => Only(r, "AWS::WAFv2::WebACL")["Rules"]![0]!["Action"] = new JsonObject { ["Count"] = new JsonObject() }, "expected Block"),
        ["WAF not on the stage"] = new(Checks.Waf, r => Remove(r, "AWS::WAFv2::WebACLAssociation"), "is not associated"),
        ["no auth rule"] = new(Checks.Waf, r => Rules(r).RemoveAt(1), "expected one rate-based rule scoped to /v1/auth/"),
        ["auth limit 100"] = new(Checks.Waf, r => AuthRule(r)["Limit"] = 100, "WAF auth rate rule Limit is 100, expected 20"),
        ["auth rule counts only"] = new(Checks.Waf, r => Rules(r)[1]!["Action"] = new JsonObject { ["Count"] = new JsonObject() },
            "WAF auth rate rule action"),
        ["auth rule only at the start of the path"] = new(Checks.Waf,
            r => AuthMatch(r)["PositionalConstraint"] = "STARTS_WITH", "expected URI paths containing /v1/auth/"),
        ["auth rule case-sensitive"] = new(Checks.Waf,
            r => AuthMatch(r)["TextTransformations"]!.AsArray().RemoveAt(2), "without the LOWERCASE transformation"),
        ["auth rule on the query"] = new(Checks.Waf,
            r => AuthMatch(r)["FieldToMatch"] = new JsonObject { ["QueryString"] = new JsonObject() }, "expected URI paths containing /v1/auth/"),
        ["Retry-After a number"] = new(Checks.Waf, r => RetryAfter(r)["Value"] = 60, "Retry-After is 60, expected a string"),

        // CORS on the gateway's own answers
        ["no 4XX gateway response"] = new(Checks.ErrorCors, r => RemoveGatewayResponse(r, "DEFAULT_4XX"), "expected one DEFAULT_4XX gateway response"),
        ["deployment before the gateway responses"] = new(Checks.ErrorCors,
            r => OfType(r, "AWS::ApiGateway::Deployment").Single().Resource.Remove("DependsOn"), "does not depend on gateway response"),
        ["5XX gateway response without CORS"] = new(Checks.ErrorCors,
            r => GatewayResponse(r, "DEFAULT_5XX")["ResponseParameters"]!.AsObject().Remove("gatewayresponse.header.Access-Control-Allow-Origin"),
            "DEFAULT_5XX gateway response has no Access-Control-Allow-Origin"),
        ["4XX gateway response for another origin"] = new(Checks.ErrorCors,
            r => GatewayResponse(r, "DEFAULT_4XX")["ResponseParameters"]!["gatewayresponse.header.Access-Control-Allow-Origin"] = "'*'",
            "DEFAULT_4XX gateway response allows origin *, which the app does not"),
        ["WAF block without CORS"] = new(Checks.ErrorCors,
            r => Rules(r)[0]!["Action"]!["Block"]!["CustomResponse"]!["ResponseHeaders"]!.AsArray().RemoveAt(1),
            "WAF rule rate-limit-per-ip custom response has no Access-Control-Allow-Origin"),

        // Credentials for the refresh cookie (ADR 0013)
        ["auth preflight without credentials"] = new(Checks.CredentialedCors,
            r => AuthPreflight(r).Remove("method.response.header.Access-Control-Allow-Credentials"), "does not allow credentials: the browser would drop"),
        ["auth preflight without the transport header"] = new(Checks.CredentialedCors,
            r => AuthPreflight(r)["method.response.header.Access-Control-Allow-Headers"] = "'Content-Type,Authorization'", "does not allow the X-Latch-Transport header"),
        ["auth preflight allowing every method"] = new(Checks.CredentialedCors,
            r => AuthPreflight(r)["method.response.header.Access-Control-Allow-Methods"] = "'OPTIONS,DELETE,GET,HEAD,PATCH,POST,PUT'",
            "allows methods DELETE,GET,HEAD,PATCH,POST,PUT, the app's CORS policy POST"),
        ["auth preflight with a header the app refuses"] = new(Checks.CredentialedCors,
            r => AuthPreflight(r)["method.response.header.Access-Control-Allow-Headers"] = "'Content-Type,Authorization,X-Amzn-Trace-Id,X-Latch-Transport'",
            "allows headers Authorization,Content-Type,X-Amzn-Trace-Id,X-Latch-Transport, the app's CORS policy"),
        ["default preflight with a header the app refuses"] = new(Checks.CredentialedCors,
            r => Preflight(r)["method.response.header.Access-Control-Allow-Headers"] = "'Content-Type,Authorization,X-Amzn-Trace-Id'",
            "allows headers Authorization,Content-Type,X-Amzn-Trace-Id, the app's CORS policy Authorization,Content-Type"),
        ["credentials on every route"] = new(Checks.CredentialedCors,
            r => Preflight(r)["method.response.header.Access-Control-Allow-Credentials"] = "'true'", "allows credentials beyond /v1/auth/{proxy+}"),
        ["4XX gateway response without credentials"] = new(Checks.CredentialedCors,
            r => GatewayResponse(r, "DEFAULT_4XX")["ResponseParameters"]!.AsObject().Remove("gatewayresponse.header.Access-Control-Allow-Credentials"),
            "DEFAULT_4XX gateway response does not allow credentials"),
        ["WAF block without credentials"] = new(Checks.CredentialedCors,
            r => Rules(r)[0]!["Action"]!["Block"]!["CustomResponse"]!["ResponseHeaders"]!.AsArray()
                .Remove(Rules(r)[0]!["Action"]!["Block"]!["CustomResponse"]!["ResponseHeaders"]!.AsArray().Single(h => (string?)h!["Name"] == "Access-Control-Allow-Credentials")),
            "custom response does not allow credentials"),

        // Monitoring and cost
        ["no invocation-count alarm"] = new(Checks.Alarms, r => RemoveAlarm(r, "Invocations"), "no alarm on AWS/Lambda Invocations"),
        ["no throttle alarm"] = new(Checks.Alarms, r => RemoveAlarm(r, "Throttles"), "no alarm on AWS/Lambda Throttles"),
        ["no WAF alarm"] = new(Checks.Alarms, r => RemoveAlarm(r, "BlockedRequests"), "no alarm on AWS/WAFV2 BlockedRequests"),
        ["silent errors alarm"] = new(Checks.Alarms, r => Alarm(r, "Errors")["AlarmActions"] = new JsonArray(), "does not notify the alert topic"),
        ["duration alarm far from the timeout"] = new(Checks.Alarms, r => Alarm(r, "Duration")["Threshold"] = 3000, "no Duration alarm near the timeout"),
        ["concurrency alarm far from the limit"] = new(Checks.Alarms,
            r => Alarm(r, "ConcurrentExecutions")["Threshold"] = 10, "no ConcurrentExecutions alarm near the reserved concurrency"),
        ["5XX alarm on another stage"] = new(Checks.Alarms,
            r => Alarm(r, "5XXError")["Dimensions"]![1]!["Value"] = "dev", "does not watch this stack's resource"),
        ["no e-mail subscription"] = new(Checks.Alarms, r => Remove(r, "AWS::SNS::Subscription"), "no SNS topic with an e-mail subscription"),
        ["no mail sender errors alarm"] = new(Checks.MailAlarms, r => Resources(r).Remove("MailSenderErrorsAlarm"), "no Errors alarm on the mail sender"),
        ["silent mail sender errors alarm"] = new(Checks.MailAlarms,
            r => Properties(r, "MailSenderErrorsAlarm")["AlarmActions"] = new JsonArray(), "no Errors alarm on the mail sender"),
        ["mail sender errors alarm watching the API"] = new(Checks.MailAlarms,
            r => Properties(r, "MailSenderErrorsAlarm")["Dimensions"]![0]!["Value"] = new JsonObject { ["Ref"] = "ApiLambdaFunction" },
            "no Errors alarm on the mail sender"),
        ["no dropped-mail metric filter"] = new(Checks.MailAlarms, r => Remove(r, "AWS::Logs::MetricFilter"),
            "no metric filter on the mail sender's log group /aws/lambda/latch-prod-mail-sender counting its log event 7121"),
        ["dropped-mail filter on another event"] = new(Checks.MailAlarms,
            r => Only(r, "AWS::Logs::MetricFilter")["FilterPattern"] = "{ $.eventId = 7122 }", "no metric filter on the mail sender's log group"),
        ["dropped-mail filter narrowed by another condition"] = new(Checks.MailAlarms,
            r => Only(r, "AWS::Logs::MetricFilter")["FilterPattern"] = "{ $.eventId = 7121 && $.level = \"Critical\" }",
            "no metric filter on the mail sender's log group"),
        ["dropped-mail filter on the API's log group"] = new(Checks.MailAlarms,
            r => Only(r, "AWS::Logs::MetricFilter")["LogGroupName"] = new JsonObject { ["Ref"] = "ApiLogGroup" }, "no metric filter on the mail sender's log group"),
        ["no dropped-mail alarm"] = new(Checks.MailAlarms, r => Resources(r).Remove("MailDroppedAlarm"),
            "no alarm to the alert topic on the dropped-mail metric latch/prod MailDropped"),
        ["dropped-mail alarm on another metric"] = new(Checks.MailAlarms,
            r => Properties(r, "MailDroppedAlarm")["MetricName"] = "MailSent", "no alarm to the alert topic on the dropped-mail metric"),
        ["dropped-mail alarm after ten drops"] = new(Checks.MailAlarms,
            r => Properties(r, "MailDroppedAlarm")["Threshold"] = 10, "no alarm to the alert topic on the dropped-mail metric"),
        ["no budget"] = new(Checks.Budget, r => Remove(r, "AWS::Budgets::Budget"), "expected exactly one AWS::Budgets::Budget, found 0"),
        ["budget alerts elsewhere"] = new(Checks.Budget,
            r => Only(r, "AWS::Budgets::Budget")["NotificationsWithSubscribers"]!.AsArray().Clear(), "do not go to the alert topic"),
        ["yearly budget"] = new(Checks.Budget, r => Only(r, "AWS::Budgets::Budget")["Budget"]!["TimeUnit"] = "ANNUALLY", "TimeUnit is ANNUALLY"),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Breaking_one_setting_is_reported_by_its_check(string name)
    {
        var (check, change, expected) = Cases[name];
        var packaged = Template.For(Prod);

        PackagedTemplateTests.NoProblems(check(packaged));
        var problems = check(packaged.With(change));
        Assert.True(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)),
            $"expected a problem containing \"{expected}\", got:\n- {string.Join("\n- ", problems)}");
    }

    [Fact]
    public void Breaking_a_copy_leaves_the_packaged_template_as_it_was()
    {
        var packaged = Template.For(Prod);
        var before = packaged.Root.ToJsonString();

        _ = packaged.With(r => Function(r)["Timeout"] = 30);

        Assert.Equal(before, packaged.Root.ToJsonString());
    }

    private static JsonObject Resources(JsonObject root) => root["Resources"]!.AsObject();

    private static IEnumerable<(string Id, JsonObject Resource)> OfType(JsonObject root, string type) =>
        Resources(root).Where(r => (string?)r.Value!["Type"] == type).Select(r => (r.Key, r.Value!.AsObject()));

    private static JsonObject Only(JsonObject root, string type) => OfType(root, type).Single().Resource["Properties"]!.AsObject();

    private static JsonObject Function(JsonObject root) => Named(root, Spec.ApiFunctionSuffix);

    private static JsonObject MailSender(JsonObject root) => Named(root, Spec.MailSenderFunctionSuffix);

    private static JsonObject Named(JsonObject root, string suffix) => OfType(root, "AWS::Lambda::Function")
        .Select(f => f.Resource["Properties"]!.AsObject())
        .Single(p => ((string?)p["FunctionName"])?.EndsWith(suffix, StringComparison.Ordinal) == true);

    private static JsonObject Variables(JsonObject root) => Function(root)["Environment"]!["Variables"]!.AsObject();

    private static string RoleId(JsonObject root) => (string)Function(root)["Role"]!["Fn::GetAtt"]![0]!;

    private static JsonObject Role(JsonObject root) => Resources(root)[RoleId(root)]!["Properties"]!.AsObject();

    private static JsonArray RoleStatements(JsonObject root) => Statements(Role(root));

    private static JsonArray SenderRoleStatements(JsonObject root) =>
        Statements(Resources(root)[(string)MailSender(root)["Role"]!["Fn::GetAtt"]![0]!]!["Properties"]!.AsObject());

    private static JsonArray Statements(JsonObject role) => role["Policies"]![0]!["PolicyDocument"]!["Statement"]!.AsArray();

    private static JsonObject Queue(JsonObject root, string id) => Resources(root)[id]!["Properties"]!.AsObject();

    private static JsonObject Properties(JsonObject root, string id) => Resources(root)[id]!["Properties"]!.AsObject();

    private static JsonObject EventSourceMapping(JsonObject root) => Only(root, "AWS::Lambda::EventSourceMapping");

    private static JsonObject Allow(string action, string resource) =>
        new() { ["Effect"] = "Allow", ["Action"] = new JsonArray(action), ["Resource"] = resource };

    private static List<JsonObject> Methods(JsonObject root) =>
        [.. OfType(root, "AWS::ApiGateway::Method").Select(m => m.Resource["Properties"]!.AsObject())];

    private static JsonObject StageWide(JsonObject root) =>
        Only(root, "AWS::ApiGateway::Stage")["MethodSettings"]![0]!.AsObject();

    private static JsonObject Preflight(JsonObject root) => PreflightOn(root, "ApiGatewayResourceProxyVar");

    private static JsonObject AuthPreflight(JsonObject root) => PreflightOn(root, "ApiGatewayResourceV1AuthProxyVar");

    private static JsonObject PreflightOn(JsonObject root, string resource) =>
        Methods(root).Single(m => (string?)m["HttpMethod"] == "OPTIONS" && (string?)m["ResourceId"]?["Ref"] == resource)
            ["Integration"]!["IntegrationResponses"]![0]!["ResponseParameters"]!.AsObject();

    private static JsonObject LogGroup(JsonObject root, string namePrefix) =>
        OfType(root, "AWS::Logs::LogGroup").Select(g => g.Resource["Properties"]!.AsObject())
            .Single(p => ((string?)p["LogGroupName"])!.StartsWith(namePrefix, StringComparison.Ordinal));

    private static JsonObject RateRule(JsonObject root) => Rules(root)[0]!["Statement"]!["RateBasedStatement"]!.AsObject();

    private static JsonArray Rules(JsonObject root) => Only(root, "AWS::WAFv2::WebACL")["Rules"]!.AsArray();

    private static JsonObject AuthRule(JsonObject root) => Rules(root)[1]!["Statement"]!["RateBasedStatement"]!.AsObject();

    private static JsonObject AuthMatch(JsonObject root) =>
        AuthRule(root)["ScopeDownStatement"]!["ByteMatchStatement"]!.AsObject();

    private static JsonObject RetryAfter(JsonObject root) =>
        Rules(root)[0]!["Action"]!["Block"]!["CustomResponse"]!["ResponseHeaders"]!.AsArray()
            .Single(h => (string?)h!["Name"] == "Retry-After")!.AsObject();

    private static JsonObject GatewayResponse(JsonObject root, string type) =>
        OfType(root, "AWS::ApiGateway::GatewayResponse").Select(g => g.Resource["Properties"]!.AsObject())
            .Single(p => (string?)p["ResponseType"] == type);

    private static void RemoveGatewayResponse(JsonObject root, string type) =>
        Resources(root).Remove(OfType(root, "AWS::ApiGateway::GatewayResponse").Single(g => (string?)g.Resource["Properties"]!["ResponseType"] == type).Id);

    private static JsonObject Alarm(JsonObject root, string metric) =>
        ApiAlarms(root).Select(a => a.Resource["Properties"]!.AsObject()).Single(p => (string?)p["MetricName"] == metric);

    private static void RemoveAlarm(JsonObject root, string metric) =>
        Resources(root).Remove(ApiAlarms(root).Single(a => (string?)a.Resource["Properties"]!["MetricName"] == metric).Id);

    // The API function's and the stack's alarms: not those of another function (the hashing function's: HashingFunctionTests;
    // the mail sender's Errors alarm: MailAlarms).
    private static IEnumerable<(string Id, JsonObject Resource)> ApiAlarms(JsonObject root) =>
        OfType(root, "AWS::CloudWatch::Alarm").Where(a =>
            ((a.Resource["Properties"]!["Dimensions"] as JsonArray)?[0]?["Value"] as JsonObject)?["Ref"]?.GetValue<string>() is null or "ApiLambdaFunction");

    private static void Remove(JsonObject root, string type)
    {
        foreach (var id in OfType(root, type).Select(r => r.Id).ToList())
        {
            Resources(root).Remove(id);
        }
    }
}
