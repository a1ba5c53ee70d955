using System.Text.RegularExpressions;
using Latch.Infrastructure.Mail.Outbox;

namespace Latch.DeployTests;

internal static partial class Checks
{
    /// <summary>
    /// The mail sender's own alarms, each to the alert topic: its Lambda errors (as the API function's), and the emails
    /// it drops for good — a metric filter on the sender's log group counting the JSON log lines whose event id is
    /// <see cref="MailLogEvents.Dropped"/>, and an alarm as soon as one is counted. A dropped email never reaches the
    /// dead-letter queue, so the dead-letter alarm cannot see it.
    /// </summary>
    public static IReadOnlyList<string> MailAlarms(Template template)
    {
        var problems = new List<string>();
        var topics = AlertTopics(template, problems);
        if (FunctionNamed(template, Spec.MailSenderFunctionSuffix, problems) is not { } sender)
        {
            return problems;
        }

        var senderName = Cfn.Literal(Template.Properties(sender.Resource)["FunctionName"]);
        var alarms = template.OfType("AWS::CloudWatch::Alarm").Select(a => (a.Id, Properties: Template.Properties(a.Resource))).ToList();
        bool Notifies(System.Text.Json.Nodes.JsonObject alarm) =>
            Cfn.OneOrMany(alarm["AlarmActions"]).Any(action => topics.Contains(Cfn.Ref(action) ?? ""));
        bool FromTheFirst(System.Text.Json.Nodes.JsonObject alarm) =>
            Cfn.Number(alarm["Threshold"]) is >= 1 and <= Spec.MaxMailSenderErrors &&
            Cfn.Literal(alarm["ComparisonOperator"]) == "GreaterThanOrEqualToThreshold";

        var errors = alarms.Where(a => Cfn.Literal(a.Properties["Namespace"]) == "AWS/Lambda" && Cfn.Literal(a.Properties["MetricName"]) == "Errors" &&
            Cfn.OneOrMany(a.Properties["Dimensions"]).Any(d => Cfn.Literal(d?["Name"]) == "FunctionName" &&
                (Cfn.Ref(d?["Value"]) == sender.Id || Cfn.Literal(d?["Value"]) == senderName))).ToList();
        if (!errors.Any(a => Notifies(a.Properties) && FromTheFirst(a.Properties)))
        {
            problems.Add($"no Errors alarm on the mail sender {senderName} (AWS/Lambda Errors >= 1 to {Spec.MaxMailSenderErrors}) notifying the alert topic");
        }

        var logGroups = template.OfType("AWS::Logs::LogGroup")
            .Where(g => Cfn.Literal(Template.Properties(g.Resource)["LogGroupName"]) == $"/aws/lambda/{senderName}")
            .Select(g => g.Id).ToHashSet();
        var filters = template.OfType("AWS::Logs::MetricFilter").Select(f => Template.Properties(f.Resource))
            .Where(f => (Cfn.Ref(f["LogGroupName"]) is { } id && logGroups.Contains(id)) || Cfn.Literal(f["LogGroupName"]) == $"/aws/lambda/{senderName}")
            .Where(f => SelectsEvent(Cfn.Literal(f["FilterPattern"]), MailLogEvents.Dropped))
            .Select(f => Cfn.First(f["MetricTransformations"]))
            .Where(t => Cfn.Literal(t?["MetricValue"]) == "1")
            .Select(t => (Namespace: Cfn.Literal(t?["MetricNamespace"]), Metric: Cfn.Literal(t?["MetricName"])))
            .ToList();
        if (filters.Count == 0)
        {
            problems.Add($"no metric filter on the mail sender's log group /aws/lambda/{senderName} counting its log event {MailLogEvents.Dropped} " +
                         $"(FilterPattern '{{ $.eventId = {MailLogEvents.Dropped} }}', MetricValue 1)");
            return problems;
        }

        var dropped = alarms.Where(a => filters.Contains((Cfn.Literal(a.Properties["Namespace"]), Cfn.Literal(a.Properties["MetricName"]))));
        if (!dropped.Any(a => Notifies(a.Properties) && Cfn.Number(a.Properties["Threshold"]) is 1 &&
                              Cfn.Literal(a.Properties["ComparisonOperator"]) == "GreaterThanOrEqualToThreshold" &&
                              Cfn.Literal(a.Properties["Statistic"]) == "Sum"))
        {
            problems.Add($"no alarm to the alert topic on the dropped-mail metric {filters[0].Namespace} {filters[0].Metric} (Sum >= 1)");
        }

        return problems;
    }

    /// <summary>
    /// Whether a CloudWatch Logs JSON filter pattern selects exactly the lines whose <c>eventId</c> is <paramref name="eventId"/>:
    /// the one form the stack uses, <c>{ $.eventId = N }</c>, read strictly, so that another event or an added condition is caught.
    /// </summary>
    private static bool SelectsEvent(string? pattern, int eventId) =>
        pattern is not null && EventIdPattern().Match(pattern) is { Success: true } match &&
        match.Groups["id"].Value == eventId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\{\s*\$\.eventId\s*=\s*(?<id>\d+)\s*\}$")]
    private static partial Regex EventIdPattern();
}
