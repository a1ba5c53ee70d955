using System.Net;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Latch.Host.Lambda.Runtime;

/// <summary>The steps both payload formats share on the way from event fields to a <see cref="LambdaRequest"/>.</summary>
internal static class RequestParts
{
    /// <summary>
    /// The tail both formats share once their fields are read: split the path, decode the body, make the headers
    /// describe it, and fill in the defaults an event may leave out (<c>GET</c>, <c>HTTP/1.1</c>).
    /// </summary>
    public static LambdaRequest Assemble(PayloadFormat format, EventFields fields, string? basePath)
    {
        var (pathBase, path, rawTarget) =
            SplitPath(fields.EncodedPath, fields.StagePrefix, basePath, fields.QueryString);
        var bodyIsValid = TryDecodeBody(fields.Body, fields.IsBase64Encoded, out var body);
        CompleteHeaders(fields.Headers, body.Length, !bodyIsValid, fields.DomainName);

        return new LambdaRequest
        {
            Format = format,
            Method = string.IsNullOrEmpty(fields.Method) ? HttpMethods.Get : fields.Method,
            PathBase = pathBase,
            Path = path,
            RawTarget = rawTarget,
            QueryString = fields.QueryString,
            Headers = fields.Headers,
            Body = body,
            BodyIsInvalid = !bodyIsValid,
            RemoteIpAddress = ParseIp(fields.SourceIp),
            Protocol = string.IsNullOrEmpty(fields.Protocol) ? "HTTP/1.1" : fields.Protocol,
        };
    }

    /// <summary>
    /// Splits the encoded path into <c>PathBase</c> (stage, then base-path mapping, each on a whole segment) and
    /// <c>Path</c>, decodes both, and keeps the encoded whole as the raw target.
    /// </summary>
    private static (string PathBase, string Path, string RawTarget) SplitPath(string encodedPath, string? stagePrefix,
        string? basePath, string queryString)
    {
        var pathBase = "";
        var rest = encodedPath;
        if (stagePrefix is not null && UrlPath.TryStripPrefix(rest, stagePrefix, out var afterStage))
        {
            pathBase = stagePrefix;
            rest = afterStage;
        }

        if (!string.IsNullOrEmpty(basePath) && UrlPath.TryStripPrefix(rest, basePath, out var afterBase))
        {
            pathBase += basePath;
            rest = afterBase;
        }

        var path = rest.Length == 0 ? "" : UrlPath.RemoveDotSegments(UrlPath.Decode(rest));
        return (UrlPath.Decode(pathBase), path, encodedPath + queryString);
    }

    /// <summary>"/stage" when the stage is a named one, else null (the <c>$default</c> stage puts nothing in the path).</summary>
    public static string? StagePrefix(string? stage) =>
        string.IsNullOrEmpty(stage) || stage == "$default" ? null : "/" + stage;

    /// <summary>The body bytes, honouring <c>isBase64Encoded</c> even when there is no body; false when it is not base64.</summary>
    private static bool TryDecodeBody(string? body, bool isBase64Encoded, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(body))
        {
            return true;
        }

        if (!isBase64Encoded)
        {
            bytes = Encoding.UTF8.GetBytes(body);
            return true;
        }

        var buffer = new byte[(body.Length + 3) / 4 * 3];
        if (!Convert.TryFromBase64String(body, buffer, out var written))
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    /// <summary>
    /// Makes the headers describe the body the app will actually read: a decoded body has its own length, and
    /// there is no chunked transfer coding any more. A <c>Host</c> header is always present.
    /// </summary>
    private static void CompleteHeaders(HeaderDictionary headers, int bodyLength, bool bodyIsInvalid, string? domainName)
    {
        headers.Remove(HeaderNames.TransferEncoding);
        if (bodyIsInvalid)
        {
            headers.Remove(HeaderNames.ContentLength);
        }
        else if (bodyLength > 0 || headers.ContainsKey(HeaderNames.ContentLength))
        {
            headers.ContentLength = bodyLength;
        }

        if (!headers.ContainsKey(HeaderNames.Host))
        {
            headers[HeaderNames.Host] = string.IsNullOrEmpty(domainName) ? "localhost" : domainName;
        }
    }

    private static IPAddress? ParseIp(string? sourceIp) =>
        IPAddress.TryParse(sourceIp, out var address) ? address : null;
}
