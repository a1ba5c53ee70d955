using Latch.OpsTests.Support;

namespace Latch.OpsTests;

/// <summary>The emergency scripts of scripts/ops, each run with a stand-in aws that records the exact calls.</summary>
public sealed class OpsScriptTests : IDisposable
{
    private static readonly string[] Prod = ["--stage", "prod", "--region", "eu-west-1"];
    private static readonly string[] Tail = ["--region", "eu-west-1", "--no-cli-pager"];
    private static readonly string[] GetConcurrency =
        ["lambda", "get-function-concurrency", "--function-name", "latch-prod-api", "--query", "ReservedConcurrentExecutions", "--output", "text", .. Tail];
    private static readonly string[] GetHashingConcurrency =
        ["lambda", "get-function-concurrency", "--function-name", "latch-prod-hashing", "--query", "ReservedConcurrentExecutions", "--output", "text", .. Tail];

    private readonly AwsStandIn _aws = new();

    public void Dispose() => _aws.Dispose();

    [Fact]
    public async Task Disable_sets_reserved_concurrency_to_zero_and_checks_it()
    {
        _aws.Answer("lambda", "get-function-concurrency", "3", call: 1).Answer("lambda", "get-function-concurrency", "0", call: 2)
            .Answer("lambda", "get-function-concurrency", "14", call: 3).Answer("lambda", "get-function-concurrency", "0", call: 4)
            .Answer("lambda", "put-function-concurrency", "{\"ReservedConcurrentExecutions\": 0}");

        var result = await _aws.RunAsync("disable-function.sh", Prod);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
        [
            GetConcurrency,
            ["lambda", "put-function-concurrency", "--function-name", "latch-prod-api", "--reserved-concurrent-executions", "0", .. Tail],
            GetConcurrency,
            GetHashingConcurrency,
            ["lambda", "put-function-concurrency", "--function-name", "latch-prod-hashing", "--reserved-concurrent-executions", "0", .. Tail],
            GetHashingConcurrency,
        ], result.Calls);
        Assert.Contains("latch-prod-api disabled in eu-west-1: reserved concurrency 0 (it was 3).", result.Out);
        Assert.Contains("latch-prod-hashing disabled in eu-west-1: reserved concurrency 0 (it was 14).", result.Out);
        Assert.Contains("every request now fails.", result.Out);
        Assert.Contains("re-enable with: scripts/ops/enable-function.sh --stage prod --region eu-west-1", result.Out);
    }

    [Fact]
    public async Task Disable_reports_a_failed_AWS_call_with_its_message()
    {
        _aws.Answer("lambda", "get-function-concurrency", "100")
            .Answer("lambda", "put-function-concurrency", "An error occurred (AccessDeniedException) when calling PutFunctionConcurrency", exitCode: 254);

        var result = await _aws.RunAsync("disable-function.sh", Prod);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("AccessDeniedException", result.Error);
        Assert.Contains("disable-function: aws lambda put-function-concurrency failed", result.Error);
        Assert.Equal(2, result.Calls.Count);
    }

    [Fact]
    public async Task Disable_fails_when_the_concurrency_did_not_change()
    {
        _aws.Answer("lambda", "get-function-concurrency", "100").Answer("lambda", "put-function-concurrency", "{}");

        var result = await _aws.RunAsync("disable-function.sh", Prod);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("disable-function: latch-prod-api still has reserved concurrency '100'", result.Error);
    }

    [Theory]
    [InlineData(new[] { "--region", "eu-west-1" }, "--stage is required")]
    [InlineData(new[] { "--stage", "prod" }, "--region is required")]
    [InlineData(new[] { "--stage", "Prod", "--region", "eu-west-1" }, "--stage must be a stage name")]
    [InlineData(new[] { "--stage", "prod", "--region", "europe" }, "--region must be an AWS region")]
    [InlineData(new[] { "--stage", "prod", "--region", "eu-west-1", "--force", "1" }, "unknown option --force")]
    [InlineData(new[] { "--stage", "prod", "--region", "eu-west-1", "now" }, "unexpected argument 'now'")]
    [InlineData(new[] { "--stage" }, "--stage needs a value")]
    public async Task Usage_errors_exit_2_without_calling_AWS(string[] args, string message)
    {
        var result = await _aws.RunAsync("disable-function.sh", args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Contains("usage: disable-function.sh", result.Error);
        Assert.Empty(result.Calls);
    }

    [Fact]
    public async Task Stage_and_region_may_come_from_the_environment()
    {
        _aws.Answer("lambda", "get-function-concurrency", "0");

        var result = await _aws.RunAsync("disable-function.sh", [],
            new Dictionary<string, string> { ["LATCH_STAGE"] = "dev", ["AWS_REGION"] = "us-east-1" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["lambda", "put-function-concurrency", "--function-name", "latch-dev-api", "--reserved-concurrent-executions", "0",
            "--region", "us-east-1", "--no-cli-pager"], result.Calls[1]);
    }

    [Fact]
    public async Task Without_the_aws_CLI_the_scripts_say_so()
    {
        var result = await _aws.RunAsync("disable-function.sh", Prod, awsOnPath: false);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("disable-function: the aws CLI is not on PATH", result.Error);
    }

    [Theory]
    [InlineData("prod", "3", "14")]
    [InlineData("dev", "6", "2")]
    public async Task Enable_restores_the_stage_concurrency_of_both_functions_from_serverless_yml(string stage, string concurrency, string hashing)
    {
        _aws.Answer("lambda", "get-function-concurrency", concurrency, call: 1).Answer("lambda", "get-function-concurrency", hashing, call: 2)
            .Answer("lambda", "put-function-concurrency", "{}");

        var result = await _aws.RunAsync("enable-function.sh", ["--stage", stage, "--region", "eu-west-1"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ["lambda", "put-function-concurrency", "--function-name", $"latch-{stage}-api", "--reserved-concurrent-executions", concurrency, .. Tail],
            result.Calls[0]);
        Assert.Equal(
            ["lambda", "put-function-concurrency", "--function-name", $"latch-{stage}-hashing", "--reserved-concurrent-executions", hashing, .. Tail],
            result.Calls[2]);
        Assert.Equal(4, result.Calls.Count);
        Assert.Contains($"latch-{stage}-api enabled in eu-west-1: reserved concurrency {concurrency}.", result.Out);
        Assert.Contains($"latch-{stage}-hashing enabled in eu-west-1: reserved concurrency {hashing}.", result.Out);
    }

    [Fact]
    public async Task Enable_takes_an_explicit_concurrency_for_each_function()
    {
        _aws.Answer("lambda", "get-function-concurrency", "7", call: 1).Answer("lambda", "get-function-concurrency", "9", call: 2)
            .Answer("lambda", "put-function-concurrency", "{}");

        var result = await _aws.RunAsync("enable-function.sh", [.. Prod, "--concurrency", "7", "--hashing-concurrency", "9"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("7", result.Calls[0][5]);
        Assert.Equal("9", result.Calls[2][5]);
    }

    [Fact]
    public async Task Enable_fails_when_the_concurrency_is_not_what_was_asked()
    {
        _aws.Answer("lambda", "get-function-concurrency", "0").Answer("lambda", "put-function-concurrency", "{}");

        var result = await _aws.RunAsync("enable-function.sh", Prod);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("enable-function: latch-prod-api has reserved concurrency '0', expected 3", result.Error);
    }

    [Theory]
    [InlineData(new[] { "--stage", "qa", "--region", "eu-west-1" }, "serverless.yml has no custom.stages.qa.reservedConcurrency")]
    [InlineData(new[] { "--stage", "prod", "--region", "eu-west-1", "--concurrency", "0" }, "--concurrency must be a whole number of at least 1")]
    [InlineData(new[] { "--stage", "prod", "--region", "eu-west-1", "--concurrency", "lots" }, "--concurrency must be a whole number")]
    public async Task Enable_usage_errors_exit_2(string[] args, string message)
    {
        var result = await _aws.RunAsync("enable-function.sh", args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Empty(result.Calls);
    }

    [Fact]
    public async Task Recent_errors_reads_the_metrics_and_the_newest_error_log_lines_of_the_stage()
    {
        _aws.Answer("cloudwatch", "get-metric-statistics", "2026-01-01T00:00:00+00:00\t3.0\n2026-01-01T00:05:00+00:00\t7.0", call: 1)
            .Answer("cloudwatch", "get-metric-statistics", "None")
            .Answer("logs", "start-query", "7f3c1a52-0d0e-4c54-9b38-6a7f7c1e2d11")
            .Answer("logs", "get-query-results", "Running", call: 1)
            .Answer("logs", "get-query-results", "Complete", call: 2)
            .Answer("logs", "get-query-results",
                "2026-01-01 00:59:58.120\tTask timed out after 15.02 seconds\n2026-01-01 00:41:02.003\tfail: LoginCommand threw TimeoutException", call: 3);
        var environment = new Dictionary<string, string> { ["LATCH_OPS_NOW"] = "1767229200", ["LATCH_OPS_POLL_SECONDS"] = "0" }; // 2026-01-01T01:00:00Z

        var result = await _aws.RunAsync("recent-errors.sh", [.. Prod, "--since", "30"], environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(12, result.Calls.Count);
        Assert.Equal(
        [
            "cloudwatch", "get-metric-statistics", "--namespace", "AWS/Lambda", "--metric-name", "Errors",
            "--dimensions", "Name=FunctionName,Value=latch-prod-api",
            "--start-time", "2026-01-01T00:30:00Z", "--end-time", "2026-01-01T01:00:00Z", "--period", "300", "--statistics", "Sum",
            "--query", "sort_by(Datapoints,&Timestamp)[].[Timestamp,Sum]", "--output", "text", .. Tail,
        ], result.Calls[0]);
        Assert.Equal(
            ["AWS/Lambda Errors", "AWS/Lambda Throttles", "AWS/Lambda Invocations", "AWS/Lambda ConcurrentExecutions",
             "AWS/ApiGateway 5XXError", "AWS/ApiGateway 4XXError", "AWS/WAFV2 BlockedRequests", "AWS/WAFV2 BlockedRequests"],
            result.Calls.Take(8).Select(c => $"{c[3]} {c[5]}"));
        Assert.Equal(["Name=ApiName,Value=latch-prod", "Name=Stage,Value=prod"], result.Calls[4][7..9]);
        Assert.Equal(["Name=WebACL,Value=latch-prod", "Name=Region,Value=eu-west-1", "Name=Rule,Value=latch-prod-rate-limit-per-ip"],
            result.Calls[6][7..10]);
        Assert.Equal("Name=Rule,Value=latch-prod-auth-rate-limit-per-ip", result.Calls[7][9]);
        Assert.Equal(
        [
            "logs", "start-query", "--log-group-name", "/aws/lambda/latch-prod-api", "--start-time", "1767227400", "--end-time", "1767229200",
            "--query-string",
            "fields @timestamp, @message | filter @message like /(?i)(error|fail|exception|task timed out)/ | sort @timestamp desc | limit 20",
            "--query", "queryId", "--output", "text", .. Tail,
        ], result.Calls[8]);
        Assert.Equal(["logs", "get-query-results", "--query-id", "7f3c1a52-0d0e-4c54-9b38-6a7f7c1e2d11", "--query", "status", "--output", "text", .. Tail],
            result.Calls[9]);
        Assert.Equal("results[].[[?field==`@timestamp`].value | [0], [?field==`@message`].value | [0]]", result.Calls[11][5]);
        Assert.Contains("== Lambda errors (AWS/Lambda Errors, Sum per 5 min)\n   2026-01-01T00:00:00+00:00\t3.0\n   2026-01-01T00:05:00+00:00\t7.0", result.Out);
        Assert.Contains("== Lambda throttles (AWS/Lambda Throttles, Sum per 5 min)\n   (no data)", result.Out);
        Assert.Contains("newest first\n   2026-01-01 00:59:58.120\tTask timed out after 15.02 seconds\n   2026-01-01 00:41:02.003\tfail: LoginCommand", result.Out);
    }

    [Fact]
    public async Task Recent_errors_fails_when_the_log_query_fails()
    {
        _aws.Answer("cloudwatch", "get-metric-statistics", "None")
            .Answer("logs", "start-query", "7f3c1a52-0d0e-4c54-9b38-6a7f7c1e2d11")
            .Answer("logs", "get-query-results", "Failed");

        var result = await _aws.RunAsync("recent-errors.sh", Prod, new Dictionary<string, string> { ["LATCH_OPS_POLL_SECONDS"] = "0" });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("recent-errors: the Logs Insights query ended Failed", result.Error);
    }

    [Fact]
    public async Task Recent_errors_stops_at_a_failed_AWS_call()
    {
        _aws.Answer("cloudwatch", "get-metric-statistics", "An error occurred (ExpiredToken)", exitCode: 255);

        var result = await _aws.RunAsync("recent-errors.sh", Prod);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("recent-errors: aws cloudwatch get-metric-statistics failed", result.Error);
        Assert.Single(result.Calls);
    }

    [Fact]
    public async Task Recent_errors_needs_a_window_of_at_least_5_minutes()
    {
        var result = await _aws.RunAsync("recent-errors.sh", [.. Prod, "--since", "2"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--since must be a whole number of at least 5", result.Error);
    }

    [Fact]
    public async Task Tighten_throttling_patches_the_stage_of_the_stack_API_and_checks_it()
    {
        _aws.Answer("cloudformation", "describe-stack-resource", "a1b2c3d4e5")
            .Answer("apigateway", "update-stage", "{}")
            .Answer("apigateway", "get-stage", "50.0\t100");

        var result = await _aws.RunAsync("tighten-throttling.sh", [.. Prod, "--rate", "50", "--burst", "100"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
        [
            ["cloudformation", "describe-stack-resource", "--stack-name", "latch-prod", "--logical-resource-id", "ApiGatewayRestApi",
             "--query", "StackResourceDetail.PhysicalResourceId", "--output", "text", .. Tail],
            ["apigateway", "update-stage", "--rest-api-id", "a1b2c3d4e5", "--stage-name", "prod", "--patch-operations",
             "op=replace,path=/*/*/throttling/rateLimit,value=50", "op=replace,path=/*/*/throttling/burstLimit,value=100", .. Tail],
            ["apigateway", "get-stage", "--rest-api-id", "a1b2c3d4e5", "--stage-name", "prod",
             "--query", "methodSettings.\"*/*\".[throttlingRateLimit,throttlingBurstLimit]", "--output", "text", .. Tail],
        ], result.Calls);
        Assert.Contains("stage prod of API a1b2c3d4e5 (eu-west-1): throttled to 50 requests/s, burst 100.", result.Out);
        Assert.Contains("undo with: scripts/ops/restore-throttling.sh --stage prod --region eu-west-1", result.Out);
    }

    [Fact]
    public async Task Tighten_throttling_fails_without_the_stack_API()
    {
        _aws.Answer("cloudformation", "describe-stack-resource", "None");

        var result = await _aws.RunAsync("tighten-throttling.sh", [.. Prod, "--rate", "50", "--burst", "100"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no REST API found in stack latch-prod", result.Error);
        Assert.Single(result.Calls);
    }

    [Fact]
    public async Task Tighten_throttling_fails_when_the_stage_does_not_show_the_new_limits()
    {
        _aws.Answer("cloudformation", "describe-stack-resource", "a1b2c3d4e5").Answer("apigateway", "update-stage", "{}")
            .Answer("apigateway", "get-stage", "1000.0\t2000");

        var result = await _aws.RunAsync("tighten-throttling.sh", [.. Prod, "--rate", "50", "--burst", "100"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("expected 50/s burst 100", result.Error);
    }

    [Theory]
    [InlineData(new[] { "--burst", "100" }, "--rate is required")]
    [InlineData(new[] { "--rate", "50" }, "--burst is required")]
    [InlineData(new[] { "--rate", "0", "--burst", "100" }, "--rate must be a whole number of at least 1")]
    public async Task Tighten_throttling_usage_errors_exit_2(string[] args, string message)
    {
        var result = await _aws.RunAsync("tighten-throttling.sh", [.. Prod, .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Empty(result.Calls);
    }

    [Theory]
    [InlineData("prod", "1000", "2000")]
    [InlineData("dev", "100", "2000")]
    public async Task Restore_throttling_puts_back_the_limits_of_serverless_yml_and_checks_drift(string stage, string rate, string burst)
    {
        _aws.Answer("cloudformation", "describe-stack-resource", "a1b2c3d4e5")
            .Answer("apigateway", "update-stage", "{}")
            .Answer("apigateway", "get-stage", $"{rate}.0\t{burst}")
            .Answer("cloudformation", "detect-stack-resource-drift", "IN_SYNC");

        var result = await _aws.RunAsync("restore-throttling.sh", ["--stage", stage, "--region", "eu-west-1"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["apigateway", "update-stage", "--rest-api-id", "a1b2c3d4e5", "--stage-name", stage, "--patch-operations",
            $"op=replace,path=/*/*/throttling/rateLimit,value={rate}", $"op=replace,path=/*/*/throttling/burstLimit,value={burst}", .. Tail],
            result.Calls[1]);
        Assert.Equal(["cloudformation", "detect-stack-resource-drift", "--stack-name", $"latch-{stage}", "--logical-resource-id", "ApiGatewayStage",
            "--query", "StackResourceDrift.StackResourceDriftStatus", "--output", "text", .. Tail], result.Calls[3]);
        Assert.Contains($"stage {stage} matches the template of stack latch-{stage} again (drift: IN_SYNC).", result.Out);
    }

    [Fact]
    public async Task Restore_throttling_fails_while_the_stage_still_drifts()
    {
        _aws.Answer("cloudformation", "describe-stack-resource", "a1b2c3d4e5")
            .Answer("apigateway", "update-stage", "{}")
            .Answer("apigateway", "get-stage", "1000.0\t2000")
            .Answer("cloudformation", "detect-stack-resource-drift", "MODIFIED");

        var result = await _aws.RunAsync("restore-throttling.sh", Prod);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("stage prod still drifts from stack latch-prod (MODIFIED)", result.Error);
    }

    [Theory]
    [InlineData(new[] { "--stage", "qa", "--region", "eu-west-1" }, "serverless.yml has no custom.stages.qa.apiThrottle")]
    [InlineData(new[] { "--stage", "prod", "--region", "eu-west-1", "--rate", "50" }, "--burst is required with --rate")]
    public async Task Restore_throttling_usage_errors_exit_2(string[] args, string message)
    {
        var result = await _aws.RunAsync("restore-throttling.sh", args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Empty(result.Calls);
    }
}
