using System.Text.Json;

namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// The REST API (payload format 1.0) Lambda proxy event: only the fields the adapter reads. API Gateway
/// sends <c>path</c> still percent-encoded and query values already decoded.
/// </summary>
internal sealed class ApiGatewayV1Request
{
    public string? HttpMethod { get; init; }
    public string? Path { get; init; }
    public Dictionary<string, string?>? Headers { get; init; }
    public Dictionary<string, List<string?>?>? MultiValueHeaders { get; init; }
    public Dictionary<string, string?>? QueryStringParameters { get; init; }
    public Dictionary<string, List<string?>?>? MultiValueQueryStringParameters { get; init; }
    public ApiGatewayV1RequestContext? RequestContext { get; init; }
    public string? Body { get; init; }
    public bool IsBase64Encoded { get; init; }
}

internal sealed class ApiGatewayV1RequestContext
{
    /// <summary>The path as the client sent it, with the stage (or a custom domain's base path) in front.</summary>
    public string? Path { get; init; }
    public string? Stage { get; init; }
    public string? DomainName { get; init; }
    public string? Protocol { get; init; }
    public ApiGatewayV1Identity? Identity { get; init; }

    /// <summary>Present only in Application Load Balancer events, which look like REST events but are encoded differently.</summary>
    public JsonElement? Elb { get; init; }
}

internal sealed class ApiGatewayV1Identity
{
    public string? SourceIp { get; init; }
}
