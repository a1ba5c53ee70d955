namespace Latch.Host.Lambda.Runtime;

/// <summary>The REST API (1.0) proxy response: every header goes in <c>multiValueHeaders</c>, so repeats survive.</summary>
internal sealed class ApiGatewayV1Response
{
    public int StatusCode { get; init; }
    public required Dictionary<string, string[]> MultiValueHeaders { get; init; }
    public required string Body { get; init; }
    public bool IsBase64Encoded { get; init; }
}

/// <summary>The HTTP API (2.0) response: one value per header, <c>Set-Cookie</c> values in <c>cookies</c>.</summary>
internal sealed class ApiGatewayV2Response
{
    public int StatusCode { get; init; }
    public required Dictionary<string, string> Headers { get; init; }
    public string[]? Cookies { get; init; }
    public required string Body { get; init; }
    public bool IsBase64Encoded { get; init; }
}

/// <summary>The body the Runtime API documents for <c>/error</c> and <c>/init/error</c>.</summary>
internal sealed class RuntimeErrorBody
{
    public required string ErrorMessage { get; init; }
    public required string ErrorType { get; init; }
    public string[] StackTrace { get; init; } = [];
}
