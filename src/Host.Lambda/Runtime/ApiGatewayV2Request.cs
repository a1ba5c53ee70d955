namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// The HTTP API (payload format 2.0) event, also sent by function URLs: only the fields the adapter reads.
/// <c>rawPath</c> keeps a named stage in front; <c>rawQueryString</c> is the query exactly as sent.
/// </summary>
internal sealed class ApiGatewayV2Request
{
    public string? Version { get; init; }
    public string? RawPath { get; init; }
    public string? RawQueryString { get; init; }
    public List<string?>? Cookies { get; init; }
    public Dictionary<string, string?>? Headers { get; init; }
    public ApiGatewayV2RequestContext? RequestContext { get; init; }
    public string? Body { get; init; }
    public bool IsBase64Encoded { get; init; }
}

internal sealed class ApiGatewayV2RequestContext
{
    public string? DomainName { get; init; }
    public string? Stage { get; init; }
    public ApiGatewayV2Http? Http { get; init; }
}

internal sealed class ApiGatewayV2Http
{
    public string? Method { get; init; }
    public string? Path { get; init; }
    public string? Protocol { get; init; }
    public string? SourceIp { get; init; }
}
