using System.Text;

namespace Latch.Host.Lambda.Runtime;

/// <summary>REST API (1.0) event → request.</summary>
internal static class ApiGatewayV1RequestTranslator
{
    public static LambdaRequest Translate(ApiGatewayV1Request e, string? basePath)
    {
        var context = e.RequestContext;
        var queryString = QueryString(e);
        var encodedPath = UrlPath.Encode(e.Path);

        // API Gateway has already taken the stage off `path` on the execute-api domain; `requestContext.path`
        // still has it in front. The stage becomes PathBase only when that is exactly the difference — so a
        // route that happens to start with the stage's name is never cut.
        string? stagePrefix = null;
        if (RequestParts.StagePrefix(context?.Stage) is { } prefix && context?.Path is { } fullPath &&
            UrlPath.Encode(fullPath) == prefix + encodedPath)
        {
            stagePrefix = prefix;
            encodedPath = prefix + encodedPath;
        }

        return RequestParts.Assemble(PayloadFormat.RestV1, new EventFields(
            Method: e.HttpMethod,
            EncodedPath: encodedPath,
            StagePrefix: stagePrefix,
            QueryString: queryString,
            Headers: Headers(e),
            Body: e.Body,
            IsBase64Encoded: e.IsBase64Encoded,
            DomainName: context?.DomainName,
            SourceIp: context?.Identity?.SourceIp,
            Protocol: context?.Protocol), basePath);
    }

    /// <summary><c>multiValueHeaders</c> when present (it keeps repeats), else <c>headers</c>.</summary>
    private static HeaderDictionary Headers(ApiGatewayV1Request e)
    {
        var headers = new HeaderDictionary();
        if (e.MultiValueHeaders is { } multi)
        {
            foreach (var (name, values) in multi)
            {
                foreach (var value in values ?? [])
                {
                    if (value is not null)
                    {
                        headers.Append(name, value);
                    }
                }
            }
        }
        else if (e.Headers is { } single)
        {
            foreach (var (name, value) in single)
            {
                if (value is not null)
                {
                    headers.Append(name, value);
                }
            }
        }

        return headers;
    }

    /// <summary>
    /// API Gateway decodes query values before it sends them (<c>+</c> and <c>%20</c> both arrive as a space,
    /// <c>%2B</c> as <c>+</c>), so each key and value is encoded exactly once again; repeated keys stay repeated.
    /// </summary>
    private static string QueryString(ApiGatewayV1Request e)
    {
        var builder = new StringBuilder();
        if (e.MultiValueQueryStringParameters is { } multi)
        {
            foreach (var (key, values) in multi)
            {
                foreach (var value in values ?? [null])
                {
                    AppendPair(builder, key, value);
                }
            }
        }
        else if (e.QueryStringParameters is { } single)
        {
            foreach (var (key, value) in single)
            {
                AppendPair(builder, key, value);
            }
        }

        return builder.ToString();
    }

    private static void AppendPair(StringBuilder builder, string key, string? value)
    {
        builder.Append(builder.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(key));
        if (value is not null)
        {
            builder.Append('=').Append(Uri.EscapeDataString(value));
        }
    }
}
