using System.Text.Json.Nodes;

namespace Latch.DeployTests;

internal static partial class Checks
{
    /// <summary>
    /// Alarms on Lambda errors, throttles, duration near the timeout, concurrency near the reserved limit,
    /// API 5XX and WAF-blocked requests, each on this stack's resources and each notifying the alert topic,
    /// which mails the address given as a stack parameter.
    /// </summary>
    public static IReadOnlyList<string> Alarms(Template template)
    {
        var problems = new List<string>();
        var topics = AlertTopics(template, problems);
        if (TheFunction(template, problems) is not { } function ||
            template.Single("AWS::ApiGateway::Stage", problems) is not { } stage ||
            template.Single("AWS::ApiGateway::RestApi", problems) is not { } api ||
            template.Single("AWS::WAFv2::WebACL", problems) is not { } acl)
        {
            return problems;
        }

        // Each function that serves the API has the Lambda alarms: the API function and the hashing function (ADR 0016).
        var functions = new List<(string Id, JsonObject Resource)> { function };
        if (TheHashingFunction(template, problems) is { } hashing)
        {
            functions.Add(hashing);
        }

        // The alarms of the stack's other functions (the mail sender's: MailAlarms) are theirs to check; these are the API functions'.
        var otherFunctions = template.OfType("AWS::Lambda::Function").Where(f => functions.All(own => own.Id != f.Id))
            .SelectMany(f => new[] { f.Id, Cfn.Literal(Template.Properties(f.Resource)["FunctionName"]) ?? "" }).ToHashSet();
        var alarms = template.OfType("AWS::CloudWatch::Alarm").Where(a => !Cfn.OneOrMany(Template.Properties(a.Resource)["Dimensions"])
            .Any(d => Cfn.Literal(d?["Name"]) == "FunctionName" && otherFunctions.Contains(Cfn.Ref(d?["Value"]) ?? Cfn.Literal(d?["Value"]) ?? ""))).ToList();
        foreach (var (ns, metric) in Spec.Alarms)
        {
            var matching = alarms.Where(a => Cfn.Literal(Template.Properties(a.Resource)["Namespace"]) == ns &&
                                             Cfn.Literal(Template.Properties(a.Resource)["MetricName"]) == metric).ToList();
            if (matching.Count == 0)
            {
                problems.Add($"no alarm on {ns} {metric}");
                continue;
            }

            foreach (var (id, alarm) in matching)
            {
                var p = Template.Properties(alarm);
                if (!Cfn.OneOrMany(p["AlarmActions"]).Any(action => topics.Contains(Cfn.Ref(action) ?? "")))
                {
                    problems.Add($"alarm {id} ({metric}) does not notify the alert topic");
                }

                if (Cfn.Number(p["Threshold"]) is not > 0)
                {
                    problems.Add($"alarm {id} ({metric}) has no positive Threshold");
                }

                var dimensions = Cfn.OneOrMany(p["Dimensions"]).ToDictionary(d => Cfn.Literal(d?["Name"]) ?? "", d => d?["Value"]);
                var onOwnResource = ns switch
                {
                    "AWS/Lambda" => functions.Any(f => Watches(alarm, f)),
                    "AWS/ApiGateway" =>
                        Cfn.Literal(dimensions.GetValueOrDefault("ApiName")) == Cfn.Literal(Template.Properties(api.Resource)["Name"]) &&
                        Cfn.Literal(dimensions.GetValueOrDefault("Stage")) == Cfn.Literal(Template.Properties(stage.Resource)["StageName"]),
                    "AWS/WAFV2" =>
                        Cfn.Literal(dimensions.GetValueOrDefault("WebACL")) == Cfn.Literal(Template.Properties(acl.Resource)["Name"]) &&
                        RuleMetricNames(acl.Resource).Contains(Cfn.Literal(dimensions.GetValueOrDefault("Rule")) ?? ""),
                    _ => false,
                };
                if (!onOwnResource)
                {
                    problems.Add($"alarm {id} ({metric}) does not watch this stack's resource: {p["Dimensions"]?.ToJsonString()}");
                }
            }

            if (ns != "AWS/Lambda")
            {
                continue;
            }

            foreach (var f in functions)
            {
                var fp = Template.Properties(f.Resource);
                var name = Cfn.Literal(fp["FunctionName"]);
                var own = matching.Where(a => Watches(a.Resource, f)).ToList();
                if (own.Count == 0)
                {
                    problems.Add($"no alarm on {ns} {metric} for {name}");
                }

                if (metric == "Duration" && own.All(a => !Near(Cfn.Number(Template.Properties(a.Resource)["Threshold"]), Cfn.Number(fp["Timeout"]) * 1000)))
                {
                    problems.Add($"no Duration alarm near the timeout ({Show(Cfn.Number(fp["Timeout"]))} s) of {name}: threshold between 70% and 100% of it");
                }

                if (metric == "ConcurrentExecutions" &&
                    own.All(a => !Near(Cfn.Number(Template.Properties(a.Resource)["Threshold"]), Cfn.Number(fp["ReservedConcurrentExecutions"]))))
                {
                    problems.Add($"no ConcurrentExecutions alarm near the reserved concurrency ({Show(Cfn.Number(fp["ReservedConcurrentExecutions"]))}) of {name}: threshold between 70% and 100% of it");
                }
            }
        }

        return problems;
    }

    /// <summary>A monthly cost budget whose alerts go to the alert topic.</summary>
    public static IReadOnlyList<string> Budget(Template template)
    {
        var problems = new List<string>();
        var topics = AlertTopics(template, problems);
        if (template.Single("AWS::Budgets::Budget", problems) is not { } budget)
        {
            return problems;
        }

        var p = Template.Properties(budget.Resource);
        Expect(problems, "budget BudgetType", Cfn.Literal(p["Budget"]?["BudgetType"]), "COST");
        Expect(problems, "budget TimeUnit", Cfn.Literal(p["Budget"]?["TimeUnit"]), "MONTHLY");
        if (Cfn.Number(p["Budget"]?["BudgetLimit"]?["Amount"]) is not > 0)
        {
            problems.Add("budget has no positive BudgetLimit.Amount");
        }

        var notifiesTopic = Cfn.OneOrMany(p["NotificationsWithSubscribers"])
            .SelectMany(n => Cfn.OneOrMany(n?["Subscribers"]))
            .Any(s => Cfn.Literal(s?["SubscriptionType"]) == "SNS" && topics.Contains(Cfn.Ref(s?["Address"]) ?? ""));
        if (!notifiesTopic)
        {
            problems.Add("budget notifications do not go to the alert topic");
        }

        return problems;
    }

    /// <summary>SNS topics with an e-mail subscription to the <see cref="Spec.AlertEmailParameter"/> stack parameter.</summary>
    private static HashSet<string> AlertTopics(Template template, List<string> problems)
    {
        if (template.Root["Parameters"]?[Spec.AlertEmailParameter] is null)
        {
            problems.Add($"no stack parameter {Spec.AlertEmailParameter} for the alert subscription");
        }

        var topics = template.OfType("AWS::SNS::Subscription")
            .Select(s => Template.Properties(s.Resource))
            .Where(s => Cfn.Literal(s["Protocol"]) == "email" && Cfn.Ref(s["Endpoint"]) == Spec.AlertEmailParameter)
            .Select(s => Cfn.Ref(s["TopicArn"]) ?? "")
            .Where(id => Cfn.Literal(template.Resource(id)?["Type"]) == "AWS::SNS::Topic")
            .ToHashSet();
        if (topics.Count == 0)
        {
            problems.Add($"no SNS topic with an e-mail subscription to the {Spec.AlertEmailParameter} parameter");
        }

        return topics;
    }

    /// <summary>Whether a Lambda alarm's FunctionName dimension is this function (by reference or by its name).</summary>
    private static bool Watches(JsonObject alarm, (string Id, JsonObject Resource) function)
    {
        var value = Cfn.OneOrMany(Template.Properties(alarm)["Dimensions"])
            .FirstOrDefault(d => Cfn.Literal(d?["Name"]) == "FunctionName")?["Value"];
        return value is not null &&
            (Cfn.Ref(value) == function.Id || Cfn.Literal(value) == Cfn.Literal(Template.Properties(function.Resource)["FunctionName"]));
    }

    private static HashSet<string> RuleMetricNames(JsonObject acl) =>
        [.. Cfn.OneOrMany(Template.Properties(acl)["Rules"]).Select(r => Cfn.Literal(r?["VisibilityConfig"]?["MetricName"]) ?? ""), "ALL"];

    private static bool Near(double? threshold, double? limit) =>
        threshold is { } t && limit is { } l && t >= 0.7 * l && t <= l;
}
