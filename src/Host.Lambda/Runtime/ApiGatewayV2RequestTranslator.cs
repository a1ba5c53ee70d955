using Microsoft.Net.Http.Headers;

namespace Latch.Host.Lambda.Runtime;

/// <summary>HTTP API (2.0) event → request.</summary>
internal static class ApiGatewayV2RequestTranslator
{
    public static LambdaRequest Translate(ApiGatewayV2Request e, string? basePath)
    {
        var context = e.RequestContext;
        var queryString = string.IsNullOrEmpty(e.RawQueryString) ? "" : "?" + e.RawQueryString;
        var encodedPath = UrlPath.Encode(e.RawPath ?? context?.Http?.Path);

        // A named stage stays in rawPath on the execute-api domain; on a custom domain the path starts with the
        // API mapping instead, and a route that merely looks like the stage must not be cut.
        var stagePrefix = IsExecuteApiDomain(context?.DomainName) ? RequestParts.StagePrefix(context?.Stage) : null;

        var headers = new HeaderDictionary();
        foreach (var (name, value) in e.Headers ?? [])
        {
            // One value per name, already comma-joined by API Gateway: splitting on commas would break
            // Date, User-Agent and every other header whose value contains one.
            if (value is not null)
            {
                headers.Append(name, value);
            }
        }

        if (e.Cookies is { Count: > 0 } cookies)
        {
            headers.Append(HeaderNames.Cookie, string.Join("; ", cookies.Where(c => !string.IsNullOrEmpty(c))));
        }

        return RequestParts.Assemble(PayloadFormat.HttpV2, new EventFields(
            Method: context?.Http?.Method,
            EncodedPath: encodedPath,
            StagePrefix: stagePrefix,
            QueryString: queryString,
            Headers: headers,
            Body: e.Body,
            IsBase64Encoded: e.IsBase64Encoded,
            DomainName: context?.DomainName,
            SourceIp: context?.Http?.SourceIp,
            Protocol: context?.Http?.Protocol), basePath);
    }

    /// <summary>The generated endpoint (<c>{api-id}.execute-api.{region}.amazonaws.com</c>), or no domain at all.</summary>
    private static bool IsExecuteApiDomain(string? domainName) =>
        string.IsNullOrEmpty(domainName) || domainName.Contains(".execute-api.", StringComparison.OrdinalIgnoreCase);
}
