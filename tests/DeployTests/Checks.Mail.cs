using System.Text.Json.Nodes;

namespace Latch.DeployTests;

internal static partial class Checks
{
    /// <summary>
    /// The mail queue: encrypted at rest, redriven to a dead-letter queue (encrypted too) after a few receives, and an
    /// alarm to the alert topic as soon as anything waits in the dead-letter queue.
    /// </summary>
    public static IReadOnlyList<string> MailQueue(Template template)
    {
        var problems = new List<string>();
        if (template.Resource(Spec.MailQueue) is not { } queue || Cfn.Literal(queue["Type"]) != "AWS::SQS::Queue")
        {
            return [$"no AWS::SQS::Queue {Spec.MailQueue}"];
        }

        var p = Template.Properties(queue);
        Encrypted(Spec.MailQueue, p, problems);
        var redrive = p["RedrivePolicy"];
        var receives = Cfn.Number(redrive?["maxReceiveCount"]);
        if (receives is not (>= 1 and <= Spec.MaxMailReceiveCount))
        {
            problems.Add($"{Spec.MailQueue} RedrivePolicy.maxReceiveCount is {Show(receives)}, expected 1 to {Spec.MaxMailReceiveCount}");
        }

        if (Cfn.GetAtt(redrive?["deadLetterTargetArn"]) is not (var dlqId, "Arn") || template.Resource(dlqId) is not { } dlq ||
            Cfn.Literal(dlq["Type"]) != "AWS::SQS::Queue")
        {
            problems.Add($"{Spec.MailQueue} has no dead-letter queue of this stack (RedrivePolicy.deadLetterTargetArn)");
            return problems;
        }

        Encrypted(dlqId, Template.Properties(dlq), problems);
        var alarms = template.OfType("AWS::CloudWatch::Alarm").Select(a => Template.Properties(a.Resource)).Where(a =>
            Cfn.Literal(a["Namespace"]) == "AWS/SQS" && Cfn.Literal(a["MetricName"]) == "ApproximateNumberOfMessagesVisible" &&
            Cfn.OneOrMany(a["Dimensions"]).Any(d => Cfn.Literal(d?["Name"]) == "QueueName" && Cfn.RefersTo(d?["Value"], dlqId))).ToList();
        if (!alarms.Any(a => Cfn.Number(a["Threshold"]) is <= 1 && Cfn.Literal(a["ComparisonOperator"]) == "GreaterThanOrEqualToThreshold" &&
                             Cfn.OneOrMany(a["AlarmActions"]).Any(action => Cfn.Ref(action) == "AlertTopic")))
        {
            problems.Add($"no alarm to AlertTopic on the depth of the dead-letter queue {dlqId} (ApproximateNumberOfMessagesVisible >= 1)");
        }

        return problems;
    }

    /// <summary>
    /// The mail sender: the same package as the API, its handler chosen by LATCH_HANDLER=mail-sender, fed by an event
    /// source mapping on the mail queue that reports batch item failures; the API enqueues to that queue.
    /// </summary>
    public static IReadOnlyList<string> MailSender(Template template)
    {
        var problems = new List<string>();
        if (TheFunction(template, problems) is not { } api ||
            FunctionNamed(template, Spec.MailSenderFunctionSuffix, problems) is not { } sender)
        {
            return problems;
        }

        var apiCode = Template.Properties(api.Resource)["Code"]?.ToJsonString();
        var senderProperties = Template.Properties(sender.Resource);
        if (apiCode is null || senderProperties["Code"]?.ToJsonString() != apiCode)
        {
            problems.Add("the mail sender's Code is not the API's package");
        }

        Expect(problems, "mail sender Handler", Cfn.Literal(senderProperties["Handler"]), Spec.Handler);
        Expect(problems, "mail sender LATCH_HANDLER", Environment(sender.Resource).GetValueOrDefault("LATCH_HANDLER"), "mail-sender");
        if (Environment(api.Resource).GetValueOrDefault("LATCH_HANDLER") is { } apiHandler && apiHandler != "api")
        {
            problems.Add($"the API function's LATCH_HANDLER is {apiHandler}");
        }

        if (!Cfn.RefersTo(Template.Properties(api.Resource)["Environment"]?["Variables"]?["Mail__Queue__Url"], Spec.MailQueue))
        {
            problems.Add($"the API function's Mail__Queue__Url is not the {Spec.MailQueue}'s URL");
        }

        var mappings = template.OfType("AWS::Lambda::EventSourceMapping").Select(m => Template.Properties(m.Resource)).ToList();
        var mapping = mappings.FirstOrDefault(m => Cfn.RefersTo(m["EventSourceArn"], Spec.MailQueue));
        if (mapping is null || !Cfn.RefersTo(mapping["FunctionName"], sender.Id))
        {
            problems.Add($"no event source mapping from {Spec.MailQueue} to the mail sender");
        }
        else if (!Cfn.OneOrMany(mapping["FunctionResponseTypes"]).Any(t => Cfn.Literal(t) == "ReportBatchItemFailures"))
        {
            problems.Add("the mail queue's event source mapping does not report batch item failures (FunctionResponseTypes)");
        }

        if (mappings.Any(m => Cfn.RefersTo(m["FunctionName"], api.Id)))
        {
            problems.Add("the API function consumes a queue");
        }

        return problems;
    }

    private static void Encrypted(string id, JsonObject properties, List<string> problems)
    {
        if (Cfn.Bool(properties["SqsManagedSseEnabled"]) != true && properties["KmsMasterKeyId"] is null)
        {
            problems.Add($"queue {id} is not encrypted at rest (SqsManagedSseEnabled or KmsMasterKeyId)");
        }
    }
}
