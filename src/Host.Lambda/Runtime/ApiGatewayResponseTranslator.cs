using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Latch.Host.Lambda.Runtime;

/// <summary>Buffered response → the payload of the format the event came in, as UTF-8 JSON.</summary>
internal static class ApiGatewayResponseTranslator
{
    public static byte[] Serialize(PayloadFormat format, int statusCode, IHeaderDictionary headers, ReadOnlyMemory<byte> body)
    {
        // No body may accompany these statuses, whatever the app wrote.
        if (statusCode is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified || statusCode < 200)
        {
            body = ReadOnlyMemory<byte>.Empty;
        }

        var (text, isBase64) = ResponseBody.Encode(body, headers.ContentType, headers.ContentEncoding);
        return format == PayloadFormat.RestV1
            ? System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ApiGatewayV1Response
            {
                StatusCode = statusCode,
                MultiValueHeaders = MultiValueHeaders(headers),
                Body = text,
                IsBase64Encoded = isBase64,
            }, LambdaJsonContext.Default.ApiGatewayV1Response)
            : System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ApiGatewayV2Response
            {
                StatusCode = statusCode,
                Headers = JoinedHeaders(headers, out var cookies),
                Cookies = cookies,
                Body = text,
                IsBase64Encoded = isBase64,
            }, LambdaJsonContext.Default.ApiGatewayV2Response);
    }

    /// <summary>Every header with each of its values: repeated headers such as <c>Set-Cookie</c> stay separate.</summary>
    private static Dictionary<string, string[]> MultiValueHeaders(IHeaderDictionary headers)
    {
        var result = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            if (Sendable(name, values) is { Length: > 0 } kept)
            {
                result[name] = kept;
            }
        }

        return result;
    }

    /// <summary>One comma-joined value per header; <c>Set-Cookie</c> goes to <c>cookies</c>, since its values cannot be joined.</summary>
    private static Dictionary<string, string> JoinedHeaders(IHeaderDictionary headers, out string[]? cookies)
    {
        cookies = null;
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            if (Sendable(name, values) is not { Length: > 0 } kept)
            {
                continue;
            }

            if (name.Equals(HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                cookies = kept;
            }
            else
            {
                result[name] = string.Join(',', kept);
            }
        }

        return result;
    }

    /// <summary>The values that may leave: no null or empty value, and no hop-by-hop framing header.</summary>
    private static string[]? Sendable(string name, StringValues values)
    {
        if (name.Equals(HeaderNames.TransferEncoding, StringComparison.OrdinalIgnoreCase) ||
            name.Equals(HeaderNames.Connection, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return [.. values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];
    }
}
