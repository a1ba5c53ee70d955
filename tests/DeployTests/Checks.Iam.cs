using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Latch.DeployTests;

internal static partial class Checks
{
    /// <summary>
    /// The function's role: assumed by Lambda only; exactly <see cref="Spec.FunctionRoleActions"/>, no wildcard
    /// action; the log actions on this function's log group only; <c>*</c> as a resource only for the X-Ray
    /// actions, which support nothing narrower; no managed or separately attached policy.
    /// </summary>
    public static IReadOnlyList<string> FunctionRole(Template template)
    {
        var problems = new List<string>();
        return TheFunction(template, problems) is { } function ? Role(template, function, Spec.FunctionRoleActions, problems) : problems;
    }

    /// <summary>
    /// The mail sender's role, held to the same rules: exactly <see cref="Spec.MailSenderRoleActions"/>; the queue actions
    /// on the mail queue only, <c>ses:SendEmail</c> on the configured identity only (the sender's Mail__Ses__IdentityArn).
    /// </summary>
    public static IReadOnlyList<string> MailSenderRole(Template template)
    {
        var problems = new List<string>();
        return FunctionNamed(template, Spec.MailSenderFunctionSuffix, problems) is { } function
            ? Role(template, function, Spec.MailSenderRoleActions, problems)
            : problems;
    }

    private static List<string> Role(Template template, (string Id, JsonObject Resource) function, string[] expectedActions,
        List<string> problems)
    {

        var functionName = Cfn.Literal(Template.Properties(function.Resource)["FunctionName"]);
        if (Cfn.GetAtt(Template.Properties(function.Resource)["Role"]) is not (var roleId, "Arn") ||
            template.Resource(roleId) is not { } role || Cfn.Literal(role["Type"]) != "AWS::IAM::Role")
        {
            problems.Add("the function's Role is not the Arn of an AWS::IAM::Role in this template");
            return problems;
        }

        var p = Template.Properties(role);
        var trust = Cfn.OneOrMany(p["AssumeRolePolicyDocument"]?["Statement"]);
        if (trust.Count != 1 ||
            Cfn.Literal(trust[0]?["Principal"]?["Service"]) != "lambda.amazonaws.com" ||
            Cfn.Literal(trust[0]?["Action"]) != "sts:AssumeRole")
        {
            problems.Add($"role {roleId} must trust lambda.amazonaws.com (sts:AssumeRole) and nothing else");
        }

        if (Cfn.OneOrMany(p["ManagedPolicyArns"]).Count > 0)
        {
            problems.Add($"role {roleId} has managed policies: {p["ManagedPolicyArns"]!.ToJsonString()}");
        }

        foreach (var type in new[] { "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy" })
        {
            foreach (var (id, policy) in template.OfType(type).Where(r => Cfn.RefersTo(r.Resource, roleId)))
            {
                problems.Add($"{type} {id} attaches more permissions to role {roleId}");
            }
        }

        var secretArn = Environment(function.Resource).GetValueOrDefault(Spec.SecretArnSetting);
        var identityArn = Environment(function.Resource).GetValueOrDefault("Mail__Ses__IdentityArn");
        var actions = new List<string>();
        var statements = Cfn.OneOrMany(p["Policies"])
            .SelectMany(policy => Cfn.OneOrMany(policy?["PolicyDocument"]?["Statement"])).ToList();
        foreach (var statement in statements)
        {
            if (statement?["NotAction"] is not null || statement?["NotResource"] is not null)
            {
                problems.Add($"role {roleId} has a NotAction/NotResource statement: {statement!.ToJsonString()}");
            }

            if (Cfn.Literal(statement?["Effect"]) != "Allow")
            {
                continue;
            }

            var statementActions = Cfn.OneOrMany(statement?["Action"]).Select(a => Cfn.Literal(a) ?? "?").ToList();
            actions.AddRange(statementActions);
            problems.AddRange(statementActions.Where(a => a.Contains('*', StringComparison.Ordinal))
                .Select(a => $"role {roleId} allows the wildcard action {a}"));

            foreach (var resource in Cfn.OneOrMany(statement?["Resource"]).Select(r => Cfn.Text(r) ?? r?.ToJsonString() ?? "?"))
            {
                if (resource == "*")
                {
                    problems.AddRange(statementActions.Where(a => !a.StartsWith("xray:", StringComparison.Ordinal))
                        .Select(a => $"role {roleId} allows {a} on every resource"));
                }
                else if (statementActions.Any(a => a.StartsWith("logs:", StringComparison.Ordinal)) &&
                         !OwnLogGroupArn(functionName).IsMatch(resource))
                {
                    problems.Add($"role {roleId} allows log actions on {resource}, not only /aws/lambda/{functionName}");
                }
                else if (statementActions.Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal)) && resource != secretArn)
                {
                    problems.Add($"role {roleId} allows secretsmanager actions on {resource}, not only the function's secret {Show(secretArn)}");
                }
                else if (statementActions.Any(a => a.StartsWith("sqs:", StringComparison.Ordinal)) && resource != MailQueueArn)
                {
                    problems.Add($"role {roleId} allows sqs actions on {resource}, not only the mail queue");
                }
                else if (statementActions.Any(a => a.StartsWith("ses:", StringComparison.Ordinal)) && resource != identityArn)
                {
                    problems.Add($"role {roleId} allows ses actions on {resource}, not only the identity {Show(identityArn)}");
                }
            }
        }

        var granted = actions.Distinct().Order(StringComparer.Ordinal).ToList();
        var expected = expectedActions.Order(StringComparer.Ordinal).ToList();
        if (!granted.SequenceEqual(expected))
        {
            problems.Add($"role {roleId} allows [{string.Join(", ", granted)}], expected exactly [{string.Join(", ", expected)}]");
        }

        return problems;
    }

    /// <summary>The mail queue's ARN (Fn::GetAtt) as <see cref="Cfn.Text"/> writes it.</summary>
    private static string MailQueueArn => $"${{{Spec.MailQueue}.Arn}}";

    /// <summary>This function's log group and its streams, in this stack's partition, region and account.</summary>
    private static Regex OwnLogGroupArn(string? functionName) => new(
        @"^arn:(\$\{AWS::Partition\}|aws[a-z-]*):logs:(\$\{AWS::Region\}|[a-z0-9-]+):(\$\{AWS::AccountId\}|\d{12}):" +
        $@"log-group:/aws/lambda/{Regex.Escape(functionName ?? "?")}(:\*|:log-stream:\*)?$");
}
