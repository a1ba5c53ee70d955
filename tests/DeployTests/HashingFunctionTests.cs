using System.Text.Json.Nodes;

namespace Latch.DeployTests;

/// <summary>
/// ADR 0016 on the packaged templates: the password-hashing routes on their own function of the same package, with one
/// full vCPU, within the one 256 MB function's cost ceiling and sign-in throughput ceiling, with its own alarms, role and
/// logs. Then each setting broken in a copy of the packaged prod template, and the check that must name it.
/// </summary>
public sealed class HashingFunctionTests
{
    public static TheoryData<string> Stages => ["prod", "dev"];

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_hashing_function_is_the_API_program_with_one_full_vCPU(string stage) =>
        PackagedTemplateTests.NoProblems(Checks.HashingFunction(For(stage), StageSpec.Named(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void Every_route_that_hashes_a_password_and_no_other_goes_to_the_hashing_function(string stage) =>
        PackagedTemplateTests.NoProblems(Checks.HashingRoutes(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_cost_ceiling_and_the_sign_in_ceiling_are_no_worse_than_one_256_MB_function(string stage) =>
        PackagedTemplateTests.NoProblems(Checks.Ceilings(For(stage), StageSpec.Named(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_hashing_function_role_has_the_API_permissions_on_its_own_log_group(string stage) =>
        PackagedTemplateTests.NoProblems(Checks.HashingFunctionRole(For(stage)));

    private sealed record Case(Func<Template, IReadOnlyList<string>> Check, Action<JsonObject> Break, string Expected);

    private static readonly StageSpec Prod = StageSpec.Prod;

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // The function
        ["no hashing function"] = new(t => Checks.HashingFunction(t, Prod),
            r => Resources(r).Remove("HashingLambdaFunction"), "expected one AWS::Lambda::Function named *-hashing, found 0"),
        ["hashing at 256 MB"] = new(t => Checks.HashingFunction(t, Prod), r => Hashing(r)["MemorySize"] = 256,
            "hashing function MemorySize is 256, expected 1769"),
        ["hashing from another package"] = new(t => Checks.HashingFunction(t, Prod),
            r => Hashing(r)["Code"]!["S3Key"] = "other/lambda.zip", "hashing function Code is"),
        ["hashing as the mail sender"] = new(t => Checks.HashingFunction(t, Prod),
            r => HashingVariables(r)["LATCH_HANDLER"] = "mail-sender", "hashing function environment variable LATCH_HANDLER is mail-sender"),
        ["hashing at another work factor"] = new(t => Checks.HashingFunction(t, Prod),
            r => HashingVariables(r)["Passwords__BcryptWorkFactor"] = "10", "environment variable Passwords__BcryptWorkFactor is 10, the API function's 12"),
        ["hashing without X-Ray"] = new(t => Checks.HashingFunction(t, Prod),
            r => Hashing(r)["TracingConfig"] = new JsonObject { ["Mode"] = "PassThrough" }, "hashing function TracingConfig is"),
        ["hashing without the collector"] = new(t => Checks.HashingFunction(t, Prod), r => Hashing(r).Remove("Layers"), "hashing function Layers is missing"),
        ["hashing with a longer timeout"] = new(t => Checks.HashingFunction(t, Prod), r => Hashing(r)["Timeout"] = 30, "hashing function Timeout is 30"),
        ["hashing concurrency 20"] = new(t => Checks.HashingFunction(t, Prod), r => Hashing(r)["ReservedConcurrentExecutions"] = 20,
            "hashing function ReservedConcurrentExecutions is 20, expected 14"),

        // The routes
        ["register on the API function"] = new(Checks.HashingRoutes,
            r => Method(r, "V1AuthRegisterPost")["Integration"] = Method(r, "V1AuthRegisterAny")["Integration"]!.DeepClone(),
            "POST /v1/auth/register hashes a password but is not proxied to the hashing function"),
        ["sign-in left to the proxy"] = new(Checks.HashingRoutes, r => Resources(r).Remove("ApiGatewayMethodV1AuthLoginPost"),
            "POST /v1/auth/login hashes a password but has no method of its own"),
        ["account deletion left to the proxy"] = new(Checks.HashingRoutes, r => Resources(r).Remove("ApiGatewayMethodV1UsersMeDelete"),
            "DELETE /v1/users/me hashes a password but has no method of its own"),
        ["reset confirmation on the API function"] = new(Checks.HashingRoutes,
            r => Method(r, "V1AuthPasswordDashresetConfirmPost")["Integration"] = Method(r, "V1AuthPasswordDashresetConfirmAny")["Integration"]!.DeepClone(),
            "POST /v1/auth/password-reset/confirm hashes a password but is not proxied"),
        ["every route on the hashing function"] = new(Checks.HashingRoutes,
            r => Method(r, "ProxyVarAny")["Integration"] = Method(r, "V1AuthLoginPost")["Integration"]!.DeepClone(),
            "ANY /{proxy+} is proxied to the hashing function but is not a password-hashing route"),
        ["profile reads on the hashing function"] = new(Checks.HashingRoutes,
            r => Method(r, "V1UsersMeAny")["Integration"] = Method(r, "V1UsersMeDelete")["Integration"]!.DeepClone(),
            "ANY /v1/users/me is proxied to the hashing function"),
        ["GET /v1/users/me left to the gateway"] = new(Checks.HashingRoutes, r => Resources(r).Remove("ApiGatewayMethodV1UsersMeAny"),
            "/v1/users/me has no ANY method proxied to the API function"),
        ["gateway may not invoke it"] = new(Checks.HashingRoutes, r => Resources(r).Remove("HashingLambdaPermissionApiGateway"),
            "no lambda:InvokeFunction permission for apigateway.amazonaws.com on the hashing function"),
        ["sign-in preflight without credentials"] = new(Checks.CredentialedCors,
            r => Method(r, "V1AuthLoginOptions")["Integration"]!["IntegrationResponses"]![0]!["ResponseParameters"]!.AsObject()
                .Remove("method.response.header.Access-Control-Allow-Credentials"),
            "(/v1/auth/login) does not allow credentials"),

        // The ceilings
        ["hashing concurrency 16"] = new(t => Checks.Ceilings(t, Prod), r => Hashing(r)["ReservedConcurrentExecutions"] = 16,
            "cost ceiling: at full concurrency the API functions run 29,072 MB"),
        ["hashing concurrency 10"] = new(t => Checks.Ceilings(t, Prod), r => Hashing(r)["ReservedConcurrentExecutions"] = 10,
            "sign-in throughput ceiling: 10 at 0.26 s is 38.5 sign-ins/s, below 52.9"),
        ["API function back at 100"] = new(t => Checks.Ceilings(t, Prod), r => Api(r)["ReservedConcurrentExecutions"] = 100,
            "cost ceiling: at full concurrency the API functions run 50,366 MB"),
        ["hashing without a limit"] = new(t => Checks.Ceilings(t, Prod), r => Hashing(r).Remove("ReservedConcurrentExecutions"),
            "must all be set"),
        ["hashing at a work factor never measured"] = new(t => Checks.Ceilings(t, Prod),
            r => HashingVariables(r)["Passwords__BcryptWorkFactor"] = "13", "no measured sign-in time for work factor 13"),

        // IAM
        ["hashing shares the API role"] = new(Checks.HashingFunctionRole,
            r => Hashing(r)["Role"] = Api(r)["Role"]!.DeepClone(), "not only /aws/lambda/latch-prod-hashing"),
        ["hashing reads every secret"] = new(Checks.HashingFunctionRole,
            r => HashingRoleStatements(r)[2]!["Resource"] = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:*", "not only the function's secret"),
        ["hashing cannot enqueue mail"] = new(Checks.HashingFunctionRole, r => HashingRoleStatements(r).RemoveAt(3), "expected exactly"),
        ["hashing may read the mail queue"] = new(Checks.HashingFunctionRole,
            r => HashingRoleStatements(r)[3]!["Action"] = new JsonArray("sqs:SendMessage", "sqs:ReceiveMessage"), "sqs:ReceiveMessage"),

        // Logs and alarms
        ["hashing log group left to Lambda"] = new(Checks.LogRetention,
            r => Only(r, "HashingLogGroup")["LogGroupName"] = "/aws/lambda/another-function", "the function's log group /aws/lambda/latch-prod-hashing"),
        ["no errors alarm on the hashing function"] = new(Checks.Alarms, r => Resources(r).Remove("HashingErrorsAlarm"),
            "no alarm on AWS/Lambda Errors for latch-prod-hashing"),
        ["no throttles alarm on the hashing function"] = new(Checks.Alarms, r => Resources(r).Remove("HashingThrottlesAlarm"),
            "no alarm on AWS/Lambda Throttles for latch-prod-hashing"),
        ["no invocations alarm on the hashing function"] = new(Checks.Alarms, r => Resources(r).Remove("HashingInvocationsAlarm"),
            "no alarm on AWS/Lambda Invocations for latch-prod-hashing"),
        ["hashing duration alarm far from the timeout"] = new(Checks.Alarms, r => Only(r, "HashingDurationAlarm")["Threshold"] = 3000,
            "no Duration alarm near the timeout (15 s) of latch-prod-hashing"),
        ["hashing concurrency alarm far from its limit"] = new(Checks.Alarms, r => Only(r, "HashingConcurrencyAlarm")["Threshold"] = 3,
            "no ConcurrentExecutions alarm near the reserved concurrency (14) of latch-prod-hashing"),
        ["hashing alarm on the API function"] = new(Checks.Alarms,
            r => Only(r, "HashingErrorsAlarm")["Dimensions"]![0]!["Value"] = new JsonObject { ["Ref"] = "ApiLambdaFunction" },
            "no alarm on AWS/Lambda Errors for latch-prod-hashing"),
        ["silent hashing alarm"] = new(Checks.Alarms, r => Only(r, "HashingThrottlesAlarm")["AlarmActions"] = new JsonArray(),
            "alarm HashingThrottlesAlarm (Throttles) does not notify the alert topic"),
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

    private static Template For(string stage) => Template.For(StageSpec.Named(stage));

    private static JsonObject Resources(JsonObject root) => root["Resources"]!.AsObject();

    private static JsonObject Only(JsonObject root, string id) => Resources(root)[id]!["Properties"]!.AsObject();

    private static JsonObject Api(JsonObject root) => Only(root, "ApiLambdaFunction");

    private static JsonObject Hashing(JsonObject root) => Only(root, "HashingLambdaFunction");

    private static JsonObject HashingVariables(JsonObject root) => Hashing(root)["Environment"]!["Variables"]!.AsObject();

    private static JsonArray HashingRoleStatements(JsonObject root) =>
        Only(root, (string)Hashing(root)["Role"]!["Fn::GetAtt"]![0]!)["Policies"]![0]!["PolicyDocument"]!["Statement"]!.AsArray();

    /// <summary>A method by the framework's logical id (ApiGatewayMethod + resource path + verb).</summary>
    private static JsonObject Method(JsonObject root, string name) => Only(root, "ApiGatewayMethod" + name);
}
