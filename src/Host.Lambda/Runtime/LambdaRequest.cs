using System.Net;

namespace Latch.Host.Lambda.Runtime;

/// <summary>Which API Gateway payload format an event came in, and so which one its response must use.</summary>
internal enum PayloadFormat
{
    RestV1,
    HttpV2,
}

/// <summary>An HTTP request taken out of an API Gateway event, in the terms of the ASP.NET Core request feature.</summary>
internal sealed class LambdaRequest
{
    public required PayloadFormat Format { get; init; }
    public required string Method { get; init; }

    /// <summary>Decoded, like <see cref="PathString"/>: the stage or base-path mapping, or empty.</summary>
    public required string PathBase { get; init; }

    /// <summary>Decoded the way Kestrel decodes (<c>%2F</c> stays escaped), dot segments removed.</summary>
    public required string Path { get; init; }

    /// <summary>The encoded path and query as the client sent them.</summary>
    public required string RawTarget { get; init; }

    /// <summary>Empty or starting with '?'.</summary>
    public required string QueryString { get; init; }

    public required HeaderDictionary Headers { get; init; }
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The event said the body was base64 and it was not: reading the body fails with a 400.</summary>
    public bool BodyIsInvalid { get; init; }

    public IPAddress? RemoteIpAddress { get; init; }
    public string Protocol { get; init; } = "HTTP/1.1";
}
