namespace Latch.DeployTests;

/// <summary>
/// Every point of the AWS security configuration, checked on the templates the real Serverless Framework
/// packaged from serverless.yml (scripts/test.d/20-serverless-package.sh): prod, and dev with a custom domain.
/// </summary>
public sealed class PackagedTemplateTests
{
    public static TheoryData<string> Stages => ["prod", "dev"];

    [Theory]
    [MemberData(nameof(Stages))]
    public void Function_runs_the_packaged_bootstrap_with_the_agreed_memory_timeout_and_concurrency(string stage) =>
        NoProblems(Checks.Function(For(stage), StageSpec.Named(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void X_Ray_tracing_is_active_on_the_function_and_the_stage(string stage) =>
        NoProblems(Checks.Tracing(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void Traces_leave_through_the_ADOT_collector_layer_of_the_function_architecture(string stage) =>
        NoProblems(Checks.Telemetry(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_app_settings_are_environment_variables(string stage) =>
        NoProblems(Checks.Settings(For(stage)));

    [Fact]
    public void Prod_runs_as_Production_and_dev_as_Staging()
    {
        NoProblems(Checks.RunsAs(For("prod"), "Production"));
        NoProblems(Checks.RunsAs(For("dev"), "Staging"));
        Assert.NotEmpty(Checks.RunsAs(For("dev"), "Production"));
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void No_secret_is_in_the_function_configuration_only_the_ARN_of_its_secret(string stage) =>
        NoProblems(Checks.SecretSettings(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void No_string_in_the_template_looks_like_a_secret(string stage) =>
        NoProblems(Checks.SecretLiterals(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_function_role_can_only_write_its_logs_and_traces_and_read_its_secret(string stage) =>
        NoProblems(Checks.FunctionRole(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_mail_sender_role_can_only_consume_the_mail_queue_and_send_from_the_identity(string stage) =>
        NoProblems(Checks.MailSenderRole(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_mail_queue_is_encrypted_and_redriven_to_a_watched_dead_letter_queue(string stage) =>
        NoProblems(Checks.MailQueue(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_mail_sender_is_the_same_package_fed_by_the_queue_with_partial_batch_failures(string stage) =>
        NoProblems(Checks.MailSender(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void A_REST_API_proxies_every_route_to_the_function(string stage) =>
        NoProblems(Checks.ApiRoutes(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_stage_is_throttled_and_access_logged(string stage) =>
        NoProblems(Checks.Stage(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void Every_log_group_keeps_seven_days(string stage) =>
        NoProblems(Checks.LogRetention(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void CORS_of_the_gateway_mirrors_the_app_origins_without_wildcards(string stage) =>
        NoProblems(Checks.Cors(For(stage), StageSpec.Named(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_custom_domain_requires_TLS_1_2_and_replaces_the_default_endpoint(string stage) =>
        NoProblems(Checks.CustomDomain(For(stage), StageSpec.Named(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void WAF_blocks_an_IP_above_1000_requests_a_minute_and_above_the_auth_limit_on_v1_auth(string stage) =>
        NoProblems(Checks.Waf(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_default_endpoint_refuses_TLS_below_1_2(string stage) =>
        NoProblems(Checks.DefaultEndpointTls(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void Gateway_errors_and_WAF_blocks_carry_the_stage_origin(string stage) =>
        NoProblems(Checks.ErrorCors(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void Alarms_watch_errors_invocations_throttles_duration_concurrency_5XX_and_WAF_blocks_and_notify_the_topic(string stage) =>
        NoProblems(Checks.Alarms(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void A_monthly_cost_budget_alerts_the_topic(string stage) =>
        NoProblems(Checks.Budget(For(stage)));

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_API_URL_is_an_output(string stage) =>
        NoProblems(Checks.ApiUrlOutput(For(stage)));

    /// <summary>Like Assert.Empty, with every problem printed in full.</summary>
    internal static void NoProblems(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            Assert.Fail($"{problems.Count} problem(s):\n- {string.Join("\n- ", problems)}");
        }
    }

    private static Template For(string stage) => Template.For(StageSpec.Named(stage));
}
