using Latch.Infrastructure.Web.Protection;

namespace Latch.DeployTests;

internal static partial class Checks
{
    /// <summary>
    /// Every preflight but the auth routes' (<c>/v1/auth/{proxy+}</c> and the resources carved out of it for the hashing
    /// function, ADR 0016: <see cref="CredentialedCors"/> holds those to the credentialed policy) allows
    /// exactly the methods of the app's default CORS policy (<see cref="CorsContract.DefaultMethods"/>, the methods its
    /// routes serve): not the PUT and HEAD an ANY event's preflight would list, which the app's policy refuses. And each
    /// of those methods reaches the function on that resource, by its own method or by ANY.
    /// </summary>
    public static IReadOnlyList<string> PreflightMethods(Template template)
    {
        var problems = new List<string>();
        var methods = template.OfType("AWS::ApiGateway::Method")
            .Select(m => (m.Id, Properties: Template.Properties(m.Resource), Resource: Cfn.Ref(Template.Properties(m.Resource)["ResourceId"])))
            .ToList();
        var preflights = methods.Where(m => Cfn.Literal(m.Properties["HttpMethod"]) == "OPTIONS" &&
                                            !ResourcePath(template, m.Properties["ResourceId"]).StartsWith(CredentialedPrefix, StringComparison.Ordinal)).ToList();
        if (preflights.Count == 0)
        {
            problems.Add($"no OPTIONS method outside {CredentialedPrefix}: API Gateway answers no preflight for the other routes");
        }

        foreach (var (id, properties, resource) in preflights)
        {
            var path = ResourcePath(template, properties["ResourceId"]);
            foreach (var response in Cfn.OneOrMany(properties["Integration"]?["IntegrationResponses"]))
            {
                var allowed = (Cfn.Literal(response?["ResponseParameters"]?["method.response.header.Access-Control-Allow-Methods"]) ?? "")
                    .Trim('\'').Split(',').Select(m => m.Trim()).Where(m => m.Length > 0 && m != "OPTIONS").ToList();
                problems.AddRange(SameAsTheApp(id, path, "methods", allowed, CorsContract.DefaultMethods));
                foreach (var method in allowed.Intersect(CorsContract.DefaultMethods))
                {
                    if (!methods.Any(m => m.Resource == resource && Cfn.Literal(m.Properties["HttpMethod"]) is { } verb && (verb == method || verb == "ANY") &&
                                          Cfn.Literal(m.Properties["Integration"]?["Type"]) == "AWS_PROXY"))
                    {
                        problems.Add($"{id} ({path}) allows {method}, which no method of the resource proxies to the function");
                    }
                }
            }
        }

        return problems;
    }
}
