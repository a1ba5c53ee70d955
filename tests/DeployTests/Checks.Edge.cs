using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latch.DeployTests;

/// <summary>What answers before the function does: the endpoint's TLS, the WAF's rate rules and the gateway's own errors.</summary>
internal static partial class Checks
{
    /// <summary>
    /// The REST API's own security policy, which governs its default execute-api endpoint (serving prod when there is
    /// no custom domain): TLS 1.2 or later. API Gateway's default policy for a regional endpoint admits TLS 1.0.
    /// </summary>
    public static IReadOnlyList<string> DefaultEndpointTls(Template template)
    {
        var problems = new List<string>();
        if (template.Single("AWS::ApiGateway::RestApi", problems) is not { } api)
        {
            return problems;
        }

        var p = Template.Properties(api.Resource);
        var policy = Cfn.Literal(p["SecurityPolicy"]);
        if (policy is null || !Spec.Tls12OrLaterPolicies.Any(prefix => policy.StartsWith(prefix, StringComparison.Ordinal)))
        {
            problems.Add($"REST API SecurityPolicy is {Show(policy)}, expected a TLS 1.2+ policy " +
                         $"({string.Join(", ", Spec.Tls12OrLaterPolicies.Select(x => x + "…"))}): the default endpoint's own admits TLS 1.0");
        }
        else if (policy.StartsWith("SecurityPolicy_", StringComparison.Ordinal) && Cfn.Literal(p["EndpointAccessMode"]) is not ("BASIC" or "STRICT"))
        {
            problems.Add($"REST API EndpointAccessMode is {Show(Cfn.Literal(p["EndpointAccessMode"]))}, required (BASIC or STRICT) with the enhanced policy {policy}");
        }

        return problems;
    }

    /// <summary>
    /// Two per-IP rate rules, both blocking: one over every request (<see cref="Spec.WafRateLimit"/> a minute), and one
    /// over /v1/auth/ at the app's RateLimiting__Auth__PerMinute, matched anywhere in the path (after a stage or base path), on the
    /// decoded, normalized, lower-cased path (how the app's routing sees it). Every custom response's Retry-After is text.
    /// </summary>
    public static IReadOnlyList<string> Waf(Template template)
    {
        var problems = new List<string>();
        if (template.Single("AWS::WAFv2::WebACL", problems) is not { } acl ||
            template.Single("AWS::ApiGateway::Stage", problems) is not { } stage ||
            template.Single("AWS::ApiGateway::RestApi", problems) is not { } api ||
            TheFunction(template, problems) is not { } function)
        {
            return problems;
        }

        var p = Template.Properties(acl.Resource);
        Expect(problems, "web ACL Scope", Cfn.Literal(p["Scope"]), "REGIONAL");

        var rateRules = Cfn.OneOrMany(p["Rules"]).Where(r => r?["Statement"]?["RateBasedStatement"] is not null).ToList();
        var general = rateRules.Where(r => r!["Statement"]!["RateBasedStatement"]!["ScopeDownStatement"] is null).ToList();
        var scoped = rateRules.Except(general).ToList();
        if (general.Count != 1)
        {
            problems.Add($"expected one rate-based rule over every request in web ACL {acl.Id}, found {general.Count}");
        }
        else
        {
            RateRule(problems, "WAF rate rule", general[0]!, Spec.WafRateLimit, Spec.WafWindowSeconds);
        }

        var authLimit = int.TryParse(Environment(function.Resource).GetValueOrDefault("RateLimiting__Auth__PerMinute"), out var limit) ? limit : -1;
        if (scoped.Count != 1)
        {
            problems.Add($"expected one rate-based rule scoped to /v1/auth/ in web ACL {acl.Id}, found {scoped.Count}");
        }
        else
        {
            RateRule(problems, "WAF auth rate rule", scoped[0]!, authLimit, 60);
            AuthScope(problems, scoped[0]!["Statement"]!["RateBasedStatement"]!["ScopeDownStatement"]!);
        }

        foreach (var rule in Cfn.OneOrMany(p["Rules"]))
        {
            foreach (var header in Cfn.OneOrMany(rule?["Action"]?["Block"]?["CustomResponse"]?["ResponseHeaders"])
                         .Where(h => Cfn.Literal(h?["Name"]) == "Retry-After"))
            {
                if (header?["Value"] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                {
                    problems.Add($"WAF rule {Cfn.Literal(rule?["Name"])}: Retry-After is {header?["Value"]?.ToJsonString()}, expected a string (a header value is text)");
                }
            }
        }

        var associated = template.OfType("AWS::WAFv2::WebACLAssociation").Any(a =>
        {
            var association = Template.Properties(a.Resource);
            return Cfn.GetAtt(association["WebACLArn"]) == (acl.Id, "Arn") &&
                Cfn.RefersTo(association["ResourceArn"], api.Id) && Cfn.RefersTo(association["ResourceArn"], stage.Id);
        });
        if (!associated)
        {
            problems.Add($"web ACL {acl.Id} is not associated with the API stage {stage.Id}");
        }

        return problems;
    }

    private static void RateRule(List<string> problems, string what, JsonNode rule, int limit, int window)
    {
        var rate = rule["Statement"]!["RateBasedStatement"]!;
        Expect(problems, $"{what} Limit", Cfn.Number(rate["Limit"]), limit);
        // CloudFormation's default window is 300 s: the window must be stated.
        Expect(problems, $"{what} EvaluationWindowSec", Cfn.Number(rate["EvaluationWindowSec"]), window);
        Expect(problems, $"{what} AggregateKeyType", Cfn.Literal(rate["AggregateKeyType"]), "IP");
        if (rule["Action"]?["Block"] is null)
        {
            problems.Add($"{what} action is {Show(rule["Action"]?.ToJsonString())}, expected Block");
        }
    }

    private static void AuthScope(List<string> problems, JsonNode scopeDown)
    {
        var match = scopeDown["ByteMatchStatement"];
        if (match is null || Cfn.Literal(match["PositionalConstraint"]) != "CONTAINS" ||
            Cfn.Literal(match["SearchString"]) != "/v1/auth/" || match["FieldToMatch"]?["UriPath"] is null)
        {
            problems.Add($"WAF auth rate rule scope is {scopeDown.ToJsonString()}, expected URI paths containing /v1/auth/ " +
                "(a stage segment or a base path mapping in front must not take a request out of scope)");
            return;
        }

        var transformations = Cfn.OneOrMany(match["TextTransformations"]).Select(t => Cfn.Literal(t?["Type"])).ToHashSet();
        foreach (var needed in new[] { "URL_DECODE", "NORMALIZE_PATH", "LOWERCASE" }.Where(t => !transformations.Contains(t)))
        {
            problems.Add($"WAF auth rate rule matches /v1/auth/ without the {needed} transformation: the app's routing would still see /v1/auth/");
        }
    }

    /// <summary>
    /// The gateway's own errors and the WAF's blocks carry Access-Control-Allow-Origin for one of the app's origins
    /// (and Retry-After readable by the page), so a browser sees the status, not a CORS failure.
    /// </summary>
    public static IReadOnlyList<string> ErrorCors(Template template)
    {
        var problems = new List<string>();
        if (template.Single("AWS::ApiGateway::RestApi", problems) is not { } api ||
            template.Single("AWS::WAFv2::WebACL", problems) is not { } acl ||
            TheFunction(template, problems) is not { } function)
        {
            return problems;
        }

        var environment = Environment(function.Resource);
        var origins = environment.Where(e => e.Key.StartsWith("Cors__AllowedOrigins__", StringComparison.Ordinal)).Select(e => e.Value).ToHashSet();
        // A deployment made before the gateway responses would publish the first stack's stage without them.
        foreach (var response in template.OfType("AWS::ApiGateway::GatewayResponse"))
        {
            foreach (var deployment in template.OfType("AWS::ApiGateway::Deployment"))
            {
                if (!Cfn.OneOrMany(deployment.Resource["DependsOn"]).Any(d => Cfn.Literal(d) == response.Id))
                {
                    problems.Add($"deployment {deployment.Id} does not depend on gateway response {response.Id}: the first deploy would publish the stage without it");
                }
            }
        }

        foreach (var type in new[] { "DEFAULT_4XX", "DEFAULT_5XX" })
        {
            var responses = template.OfType("AWS::ApiGateway::GatewayResponse")
                .Select(r => Template.Properties(r.Resource))
                .Where(r => Cfn.Literal(r["ResponseType"]) == type && Cfn.Ref(r["RestApiId"]) == api.Id).ToList();
            if (responses.Count != 1)
            {
                problems.Add($"expected one {type} gateway response on {api.Id}, found {responses.Count}");
                continue;
            }

            var parameters = responses[0]["ResponseParameters"];
            var origin = Cfn.Literal(parameters?["gatewayresponse.header.Access-Control-Allow-Origin"])?.Trim('\'');
            CheckOrigin(problems, $"{type} gateway response", origin, origins);
            if (Cfn.Literal(parameters?["gatewayresponse.header.Access-Control-Expose-Headers"])?.Contains("Retry-After", StringComparison.Ordinal) != true)
            {
                problems.Add($"{type} gateway response does not expose Retry-After to the page");
            }
        }

        foreach (var rule in Cfn.OneOrMany(Template.Properties(acl.Resource)["Rules"]).Where(r => r?["Action"]?["Block"]?["CustomResponse"] is not null))
        {
            var headers = Cfn.OneOrMany(rule!["Action"]!["Block"]!["CustomResponse"]!["ResponseHeaders"]);
            var origin = Cfn.Literal(headers.FirstOrDefault(h => Cfn.Literal(h?["Name"]) == "Access-Control-Allow-Origin")?["Value"]);
            CheckOrigin(problems, $"WAF rule {Cfn.Literal(rule["Name"])} custom response", origin, origins);
        }

        return problems;
    }

    private static void CheckOrigin(List<string> problems, string what, string? origin, HashSet<string> origins)
    {
        if (origin is null)
        {
            problems.Add($"{what} has no Access-Control-Allow-Origin");
        }
        else if (!origins.Contains(origin))
        {
            problems.Add($"{what} allows origin {origin}, which the app does not");
        }
    }
}
