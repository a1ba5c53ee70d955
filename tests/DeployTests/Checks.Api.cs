using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Latch.DeployTests;

internal static partial class Checks
{
    /// <summary>A REST API (a WAF web ACL attaches to REST stages) proxying every path and method to the function.</summary>
    public static IReadOnlyList<string> ApiRoutes(Template template)
    {
        var problems = new List<string>();
        if (template.Single("AWS::ApiGateway::RestApi", problems) is not { } api ||
            TheFunction(template, problems) is not { } function)
        {
            return problems;
        }

        var proxy = template.OfType("AWS::ApiGateway::Resource")
            .Where(r => Cfn.Literal(Template.Properties(r.Resource)["PathPart"]) == "{proxy+}").Select(r => r.Id).ToList();
        var proxied = template.OfType("AWS::ApiGateway::Method").Any(m =>
        {
            var p = Template.Properties(m.Resource);
            return Cfn.Literal(p["HttpMethod"]) == "ANY" && proxy.Contains(Cfn.Ref(p["ResourceId"]) ?? "") &&
                Cfn.Ref(p["RestApiId"]) == api.Id &&
                Cfn.Literal(p["Integration"]?["Type"]) == "AWS_PROXY" && Cfn.RefersTo(p["Integration"]?["Uri"], function.Id);
        });
        if (!proxied)
        {
            problems.Add("no ANY method on a {proxy+} resource with an AWS_PROXY integration to the function");
        }

        return problems;
    }

    /// <summary>
    /// The stage is a CloudFormation resource on the current deployment, with throttling (burst
    /// <see cref="Spec.StageBurstLimit"/>), JSON access logs to a log group of this stack, and no execution
    /// logs of request and response bodies (they would hold passwords and tokens).
    /// </summary>
    public static IReadOnlyList<string> Stage(Template template)
    {
        var problems = new List<string>();
        if (template.Single("AWS::ApiGateway::Stage", problems) is not { } stage)
        {
            return problems;
        }

        var p = Template.Properties(stage.Resource);
        var deployments = template.OfType("AWS::ApiGateway::Deployment").ToList();
        if (Cfn.Ref(p["DeploymentId"]) is not { } deploymentId || deployments.All(d => d.Id != deploymentId))
        {
            problems.Add($"stage {stage.Id} does not point at a deployment of this template");
        }

        problems.AddRange(deployments.Where(d => Template.Properties(d.Resource)["StageName"] is not null)
            .Select(d => $"deployment {d.Id} creates a stage of its own (StageName), outside these settings"));

        var all = Cfn.OneOrMany(p["MethodSettings"]).FirstOrDefault(s =>
            Cfn.Literal(s?["HttpMethod"]) == "*" && Cfn.Literal(s?["ResourcePath"]) == "/*");
        if (all is null)
        {
            problems.Add("no stage-wide MethodSettings entry (HttpMethod *, ResourcePath /*)");
        }
        else
        {
            Expect(problems, "stage ThrottlingBurstLimit", Cfn.Number(all["ThrottlingBurstLimit"]), Spec.StageBurstLimit);
            if (Cfn.Number(all["ThrottlingRateLimit"]) is not > 0)
            {
                problems.Add($"stage ThrottlingRateLimit is {Show(Cfn.Literal(all["ThrottlingRateLimit"]))}, expected a positive rate");
            }
        }

        foreach (var setting in Cfn.OneOrMany(p["MethodSettings"]))
        {
            if (Cfn.Bool(setting?["DataTraceEnabled"]) == true)
            {
                problems.Add("stage DataTraceEnabled is true: full request and response logging");
            }
        }

        if (Cfn.GetAtt(p["AccessLogSetting"]?["DestinationArn"]) is not (var logGroup, "Arn") ||
            Cfn.Literal(template.Resource(logGroup)?["Type"]) != "AWS::Logs::LogGroup")
        {
            problems.Add("stage access logs do not go to a CloudWatch log group of this stack");
        }

        if (string.IsNullOrWhiteSpace(Cfn.Literal(p["AccessLogSetting"]?["Format"])))
        {
            problems.Add("stage access log Format is missing");
        }

        return problems;
    }

    /// <summary>Every log group keeps <see cref="Spec.LogRetentionDays"/> days, the function's included.</summary>
    public static IReadOnlyList<string> LogRetention(Template template)
    {
        var problems = new List<string>();
        var groups = template.OfType("AWS::Logs::LogGroup").ToList();
        foreach (var (id, group) in groups)
        {
            Expect(problems, $"log group {id} RetentionInDays", Cfn.Number(Template.Properties(group)["RetentionInDays"]), Spec.LogRetentionDays);
        }

        // Every function's: the API's and the mail sender's.
        foreach (var (_, function) in template.OfType("AWS::Lambda::Function"))
        {
            var name = $"/aws/lambda/{Cfn.Literal(Template.Properties(function)["FunctionName"])}";
            if (!groups.Any(g => Cfn.Literal(Template.Properties(g.Resource)["LogGroupName"]) == name))
            {
                problems.Add($"the function's log group {name} is not in the stack (Lambda would create it with no retention)");
            }
        }

        return problems;
    }

    /// <summary>
    /// The API Gateway preflight and the app's Cors__AllowedOrigins__N allow the same origins; never <c>*</c>;
    /// in production only https origins and no localhost.
    /// </summary>
    public static IReadOnlyList<string> Cors(Template template, StageSpec stage)
    {
        var problems = new List<string>();
        if (TheFunction(template, problems) is not { } function)
        {
            return problems;
        }

        var environment = Environment(function.Resource);
        var app = new List<string>();
        for (var i = 0; environment.TryGetValue($"Cors__AllowedOrigins__{i}", out var origin); i++)
        {
            app.Add(origin);
        }

        problems.AddRange(environment.Keys
            .Where(k => k.StartsWith("Cors__AllowedOrigins__", StringComparison.Ordinal) &&
                        !(int.TryParse(k["Cors__AllowedOrigins__".Length..], out var index) && index < app.Count))
            .Select(k => $"{k} does not continue the sequence from Cors__AllowedOrigins__0"));
        if (app.Count == 0)
        {
            problems.Add("the app has no Cors__AllowedOrigins__0");
        }

        var preflights = template.OfType("AWS::ApiGateway::Method")
            .Where(m => Cfn.Literal(Template.Properties(m.Resource)["HttpMethod"]) == "OPTIONS").ToList();
        if (preflights.Count == 0)
        {
            problems.Add("no OPTIONS method: API Gateway answers no preflight");
        }

        foreach (var (id, method) in preflights)
        {
            var gateway = PreflightOrigins(Template.Properties(method));
            problems.AddRange(gateway.Except(app).Select(o => $"{id} allows origin {o}, which the app does not"));
            problems.AddRange(app.Except(gateway).Select(o => $"{id} does not allow origin {o}, which the app does"));
        }

        foreach (var origin in app)
        {
            if (origin.Contains('*', StringComparison.Ordinal))
            {
                problems.Add($"origin {origin} is a wildcard");
            }
            else if (stage.PublicOriginsOnly && (!origin.StartsWith("https://", StringComparison.Ordinal) ||
                     origin.Contains("localhost", StringComparison.OrdinalIgnoreCase) || origin.Contains("127.0.0.1", StringComparison.Ordinal)))
            {
                problems.Add($"origin {origin} in {stage.Name}: only public https origins belong in production");
            }
        }

        return problems;
    }

    /// <summary>Origins a MOCK preflight answers: its fixed Access-Control-Allow-Origin and the ones its template echoes.</summary>
    private static List<string> PreflightOrigins(JsonObject method)
    {
        var origins = new List<string>();
        foreach (var response in Cfn.OneOrMany(method["Integration"]?["IntegrationResponses"]))
        {
            if (Cfn.Literal(response?["ResponseParameters"]?["method.response.header.Access-Control-Allow-Origin"]) is { } fixedOrigin)
            {
                origins.Add(fixedOrigin.Trim('\''));
            }

            foreach (var (_, body) in response?["ResponseTemplates"] as JsonObject ?? [])
            {
                origins.AddRange(EchoedOrigin().Matches(Cfn.Literal(body) ?? "")
                    .Select(m => m.Groups[1].Value.Replace("[.]", ".", StringComparison.Ordinal)));
            }
        }

        return [.. origins.Distinct()];
    }

    [GeneratedRegex("""\$origin\.matches\("([^"]*)"\)""")]
    private static partial Regex EchoedOrigin();

    /// <summary>
    /// The optional custom domain: TLS 1.2 security policy, regional, mapped to the stage, and the default
    /// execute-api endpoint off whenever the domain is on. <paramref name="stage"/> says whether the example
    /// settings of that stage set a domain, so both branches are evaluated.
    /// </summary>
    public static IReadOnlyList<string> CustomDomain(Template template, StageSpec stage)
    {
        var problems = new List<string>();
        if (template.Single("AWS::ApiGateway::RestApi", problems) is not { } api)
        {
            return problems;
        }

        var domains = template.OfType("AWS::ApiGateway::DomainName").ToList();
        if (domains.Count != 1)
        {
            problems.Add($"expected one (conditional) AWS::ApiGateway::DomainName, found {domains.Count}");
            return problems;
        }

        var (domainId, domain) = domains[0];
        var p = Template.Properties(domain);
        Expect(problems, "custom domain SecurityPolicy", Cfn.Literal(p["SecurityPolicy"]), "TLS_1_2");
        Expect(problems, "custom domain endpoint type", Cfn.Literal(Cfn.First(p["EndpointConfiguration"]?["Types"])), "REGIONAL");

        var condition = Cfn.Literal(domain["Condition"]);
        var enabled = condition is null ? true : template.Condition(condition);
        if (enabled != stage.CustomDomain)
        {
            problems.Add($"custom domain condition {condition} evaluates to {Show(enabled)} in {stage.Name}, expected {stage.CustomDomain}");
        }

        var disable = Template.Properties(api.Resource)["DisableExecuteApiEndpoint"];
        var disabledWithDomain = condition is null
            ? Cfn.Bool(disable) == true
            : disable is JsonObject { Count: 1 } o && o["Fn::If"] is JsonArray { Count: 3 } branch &&
              Cfn.Literal(branch[0]) == condition && Cfn.Bool(branch[1]) == true && Cfn.Bool(branch[2]) == false;
        if (!disabledWithDomain)
        {
            problems.Add($"DisableExecuteApiEndpoint is {Show(disable?.ToJsonString())}, expected true exactly when the custom domain exists");
        }

        var mapped = template.OfType("AWS::ApiGateway::BasePathMapping").Any(m =>
            Cfn.Literal(m.Resource["Condition"]) == condition &&
            Cfn.Ref(Template.Properties(m.Resource)["DomainName"]) == domainId &&
            Cfn.Ref(Template.Properties(m.Resource)["RestApiId"]) == api.Id &&
            Template.Properties(m.Resource)["Stage"] is { } mappedStage &&
            (template.OfType("AWS::ApiGateway::Stage").Any(s => Cfn.Ref(mappedStage) == s.Id) || Cfn.Literal(mappedStage) == stage.Name));
        if (!mapped)
        {
            problems.Add($"no base path mapping from {domainId} to the API stage");
        }

        return problems;
    }

    /// <summary>An output with the API's URL.</summary>
    public static IReadOnlyList<string> ApiUrlOutput(Template template)
    {
        var problems = new List<string>();
        var url = template.Root["Outputs"]?["ApiUrl"]?["Value"];
        var text = url?.ToJsonString() ?? "";
        if (url is null || !text.Contains("https://", StringComparison.Ordinal) || !Cfn.RefersTo(url, "ApiGatewayRestApi"))
        {
            problems.Add($"output ApiUrl is {Show(url?.ToJsonString())}, expected the https URL of the API");
        }

        return problems;
    }
}
