using System.Text;
using System.Text.Unicode;
using Microsoft.Net.Http.Headers;

namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// How a response body travels in the payload: as UTF-8 text only for types that are text by definition and
/// carry no content coding; everything else (and text that is not valid UTF-8) as base64, so no byte is lost.
/// </summary>
internal static class ResponseBody
{
    public static (string Body, bool IsBase64Encoded) Encode(ReadOnlyMemory<byte> body, string? contentType, string? contentEncoding)
    {
        if (body.IsEmpty)
        {
            return ("", false);
        }

        if (string.IsNullOrEmpty(contentEncoding) && IsText(contentType) && Utf8.IsValid(body.Span))
        {
            return (Encoding.UTF8.GetString(body.Span), false);
        }

        return (Convert.ToBase64String(body.Span), true);
    }

    /// <summary><c>text/*</c>, JSON and <c>+json</c>, XML and <c>+xml</c>, form-encoded; in UTF-8 or an ASCII subset.</summary>
    public static bool IsText(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return false;
        }

        var charset = media.Charset.Value;
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) &&
            !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase) &&
            !charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/xml", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
    }
}
