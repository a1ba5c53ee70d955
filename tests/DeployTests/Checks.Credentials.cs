using System.Text.Json.Nodes;
using Latch.Infrastructure.Web.Protection;

namespace Latch.DeployTests;

/// <summary>The gateway's side of the refresh-cookie transport (ADR 0013): credentials on the auth routes only.</summary>
internal static partial class Checks
{
    public const string CredentialedPath = "/v1/auth/{proxy+}";
    public const string CredentialedPrefix = "/v1/auth/";
    public const string TransportHeader = CorsContract.TransportHeader;

    /// <summary>
    /// As in the app's CORS policies (<see cref="CorsContract"/>): the preflight of <c>/v1/auth/*</c> allows credentials,
    /// exactly the credentialed policy's methods and headers, and the resource is proxied to the function for every
    /// method; every other preflight allows exactly the default policy's headers and never credentials. The gateway's own
    /// error answers and the WAF's blocks allow credentials, so a credentialed request sees their status rather than a
    /// CORS failure (they cannot tell the routes apart, and carry no user data).
    /// </summary>
    public static IReadOnlyList<string> CredentialedCors(Template template)
    {
        var problems = new List<string>();
        var methods = template.OfType("AWS::ApiGateway::Method")
            .Select(m => (m.Id, Properties: Template.Properties(m.Resource), Path: ResourcePath(template, Template.Properties(m.Resource)["ResourceId"])))
            .ToList();

        var authPreflights = methods.Where(m => m.Path == CredentialedPath && Cfn.Literal(m.Properties["HttpMethod"]) == "OPTIONS").ToList();
        if (authPreflights.Count != 1)
        {
            problems.Add($"expected one OPTIONS method on {CredentialedPath}, found {authPreflights.Count}");
        }

        foreach (var method in new[] { "ANY", "POST" })
        {
            if (!methods.Any(m => m.Path == CredentialedPath && Cfn.Literal(m.Properties["HttpMethod"]) == method &&
                                  Cfn.Literal(m.Properties["Integration"]?["Type"]) == "AWS_PROXY"))
            {
                problems.Add($"no {method} method proxied to the function on {CredentialedPath}: the gateway would answer it itself");
            }
        }

        foreach (var (id, properties, path) in methods.Where(m => Cfn.Literal(m.Properties["HttpMethod"]) == "OPTIONS"))
        {
            foreach (var response in Cfn.OneOrMany(properties["Integration"]?["IntegrationResponses"]))
            {
                var parameters = response?["ResponseParameters"];
                var credentials = Cfn.Literal(parameters?["method.response.header.Access-Control-Allow-Credentials"])?.Trim('\'') == "true";
                var headers = (Cfn.Literal(parameters?["method.response.header.Access-Control-Allow-Headers"]) ?? "").Trim('\'').Split(',');
                var allowedMethods = (Cfn.Literal(parameters?["method.response.header.Access-Control-Allow-Methods"]) ?? "").Trim('\'').Split(',');
                // The resources carved out of /v1/auth/{proxy+} for the hashing function (ADR 0016) answer its preflight.
                var credentialed = path == CredentialedPath || path.StartsWith(CredentialedPrefix, StringComparison.Ordinal);
                problems.AddRange(SameAsTheApp(id, path, "headers", headers,
                    credentialed ? CorsContract.CredentialedHeaders : CorsContract.DefaultHeaders));
                if (credentialed)
                {
                    // The framework always adds OPTIONS; it is the preflight's own method, never an actual request's.
                    problems.AddRange(SameAsTheApp(id, path, "methods", allowedMethods.Where(m => m != "OPTIONS"), CorsContract.CredentialedMethods));
                }

                if (credentialed)
                {
                    if (!credentials)
                    {
                        problems.Add($"{id} ({path}) does not allow credentials: the browser would drop the refresh cookie");
                    }

                    if (!headers.Contains(TransportHeader, StringComparer.OrdinalIgnoreCase))
                    {
                        problems.Add($"{id} ({path}) does not allow the {TransportHeader} header");
                    }
                }
                else if (credentials)
                {
                    problems.Add($"{id} ({path}) allows credentials beyond {CredentialedPath}");
                }
            }
        }

        foreach (var response in template.OfType("AWS::ApiGateway::GatewayResponse").Select(r => Template.Properties(r.Resource)))
        {
            if (Cfn.Literal(response["ResponseParameters"]?["gatewayresponse.header.Access-Control-Allow-Credentials"])?.Trim('\'') != "true")
            {
                problems.Add($"{Cfn.Literal(response["ResponseType"])} gateway response does not allow credentials");
            }
        }

        foreach (var acl in template.OfType("AWS::WAFv2::WebACL"))
        {
            foreach (var rule in Cfn.OneOrMany(Template.Properties(acl.Resource)["Rules"]).Where(r => r?["Action"]?["Block"]?["CustomResponse"] is not null))
            {
                var headers = Cfn.OneOrMany(rule!["Action"]!["Block"]!["CustomResponse"]!["ResponseHeaders"]);
                if (Cfn.Literal(headers.FirstOrDefault(h => Cfn.Literal(h?["Name"]) == "Access-Control-Allow-Credentials")?["Value"]) != "true")
                {
                    problems.Add($"WAF rule {Cfn.Literal(rule["Name"])} custom response does not allow credentials");
                }
            }
        }

        return problems;
    }

    // Header names compare case-insensitively (as browsers do), methods exactly.
    private static IEnumerable<string> SameAsTheApp(string id, string path, string what, IEnumerable<string> gateway, string[] app)
    {
        var comparer = what == "headers" ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var gatewaySet = gateway.Select(v => v.Trim()).Where(v => v.Length > 0).ToHashSet(comparer);
        if (!gatewaySet.SetEquals(app))
        {
            yield return $"{id} ({path}) allows {what} {string.Join(',', gatewaySet.Order(StringComparer.Ordinal))}, " +
                         $"the app's CORS policy {string.Join(',', app.Order(StringComparer.Ordinal))}";
        }
    }

    /// <summary>The resource's path from the API root, following ParentId references.</summary>
    private static string ResourcePath(Template template, JsonNode? resourceId)
    {
        var parts = new List<string>();
        var id = Cfn.Ref(resourceId);
        while (id is not null && template.OfType("AWS::ApiGateway::Resource").FirstOrDefault(r => r.Id == id) is { Resource: { } resource })
        {
            var properties = Template.Properties(resource);
            parts.Insert(0, Cfn.Literal(properties["PathPart"]) ?? "?");
            id = Cfn.Ref(properties["ParentId"]);
        }

        return "/" + string.Join('/', parts);
    }
}
