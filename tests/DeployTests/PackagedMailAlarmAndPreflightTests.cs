namespace Latch.DeployTests;

/// <summary>The mail sender's alarms and the default preflight's methods, on the templates the framework packaged.</summary>
public sealed class PackagedMailAlarmAndPreflightTests
{
    public static TheoryData<string> Stages => ["prod", "dev"];

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_mail_sender_alarms_on_its_errors_and_on_every_email_it_drops(string stage) =>
        PackagedTemplateTests.NoProblems(Checks.MailAlarms(Template.For(StageSpec.Named(stage))));

    [Theory]
    [MemberData(nameof(Stages))]
    public void The_default_preflight_allows_the_methods_the_routes_serve_and_no_others(string stage) =>
        PackagedTemplateTests.NoProblems(Checks.PreflightMethods(Template.For(StageSpec.Named(stage))));
}
