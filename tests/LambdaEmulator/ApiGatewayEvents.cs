using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace Latch.LambdaEmulator;

/// <summary>Which API Gateway payload format to speak.</summary>
public enum EventFormat
{
    /// <summary>REST API, Lambda proxy integration, payload format 1.0.</summary>
    V1,

    /// <summary>HTTP API (or function URL), payload format 2.0.</summary>
    V2,
}

/// <summary>An HTTP request as a client sent it to API Gateway.</summary>
public sealed record HttpRequestData
{
    public string Method { get; init; } = "GET";

    /// <summary>The path as sent, percent-encoded, with the stage segment in front when the API has a named stage.</summary>
    public string RawPath { get; init; } = "/";

    /// <summary>The query as sent, percent-encoded, without '?'.</summary>
    public string RawQuery { get; init; } = "";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    public byte[] Body { get; init; } = [];
    public string SourceIp { get; init; } = "198.51.100.7";

    /// <summary>A named stage, or null for <c>$default</c>.</summary>
    public string? Stage { get; init; }
}

/// <summary>
/// Builds the events API Gateway sends, with its documented quirks: REST (1.0) sends the path still encoded,
/// the stage moved to <c>requestContext.path</c> and query values decoded (<c>+</c> as a space); HTTP API (2.0)
/// sends <c>rawPath</c> decoded with the stage in it, <c>rawQueryString</c> as sent, cookies apart and
/// repeated headers comma-joined. Text bodies travel as text, anything else as base64.
/// </summary>
public static class ApiGatewayEvents
{
    public const string ApiId = "latchlocal";
    public const string DomainName = ApiId + ".execute-api.localhost";

    public static byte[] Create(EventFormat format, HttpRequestData request, string? requestId = null) =>
        Encoding.UTF8.GetBytes((format == EventFormat.V1 ? RestV1(request, requestId) : HttpV2(request, requestId)).ToJsonString());

    public static JsonObject RestV1(HttpRequestData request, string? requestId = null)
    {
        var stage = request.Stage ?? "$default";
        var path = request.RawPath;
        if (request.Stage is not null && path.StartsWith("/" + request.Stage, StringComparison.Ordinal))
        {
            path = path[(request.Stage.Length + 1)..];
            path = path.Length == 0 ? "/" : path;
        }

        var headers = new JsonObject();
        var multiHeaders = new JsonObject();
        foreach (var group in request.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            headers[group.Key] = group.Last().Value;
            multiHeaders[group.Key] = new JsonArray([.. group.Select(h => JsonValue.Create(h.Value))]);
        }

        var query = ParseQuery(request.RawQuery);
        var (body, isBase64) = Body(request);
        return new JsonObject
        {
            ["resource"] = "/{proxy+}",
            ["path"] = path,
            ["httpMethod"] = request.Method,
            ["headers"] = headers,
            ["multiValueHeaders"] = multiHeaders,
            ["queryStringParameters"] = query.Count == 0 ? null : new JsonObject(query.Select(p =>
                KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value[^1])))),
            ["multiValueQueryStringParameters"] = query.Count == 0 ? null : new JsonObject(query.Select(p =>
                KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray([.. p.Value.Select(v => JsonValue.Create(v))])))),
            ["pathParameters"] = new JsonObject { ["proxy"] = path.TrimStart('/') },
            ["stageVariables"] = null,
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "123456789012",
                ["apiId"] = ApiId,
                ["domainName"] = DomainName,
                ["domainPrefix"] = ApiId,
                ["httpMethod"] = request.Method,
                ["identity"] = new JsonObject
                {
                    ["sourceIp"] = request.SourceIp,
                    ["userAgent"] = Header(request, "User-Agent"),
                },
                ["path"] = request.Stage is null ? path : "/" + request.Stage + path,
                ["protocol"] = "HTTP/1.1",
                ["requestId"] = requestId ?? Guid.NewGuid().ToString(),
                ["requestTimeEpoch"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                ["resourcePath"] = "/{proxy+}",
                ["stage"] = stage,
            },
            ["body"] = body,
            ["isBase64Encoded"] = isBase64,
        };
    }

    public static JsonObject HttpV2(HttpRequestData request, string? requestId = null)
    {
        var rawPath = Uri.UnescapeDataString(request.RawPath);
        var headers = new JsonObject();
        var cookies = new List<string>();
        foreach (var group in request.Headers.GroupBy(h => h.Key.ToLowerInvariant()))
        {
            if (group.Key == "cookie")
            {
                cookies.AddRange(group.SelectMany(h => h.Value.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
                continue;
            }

            headers[group.Key] = string.Join(',', group.Select(h => h.Value));
        }

        var query = ParseQuery(request.RawQuery);
        var (body, isBase64) = Body(request);
        var now = DateTimeOffset.UtcNow;
        var e = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = rawPath,
            ["rawQueryString"] = request.RawQuery,
            ["cookies"] = cookies.Count == 0 ? null : new JsonArray([.. cookies.Select(c => JsonValue.Create(c))]),
            ["headers"] = headers,
            ["queryStringParameters"] = query.Count == 0 ? null : new JsonObject(query.Select(p =>
                KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(string.Join(',', p.Value))))),
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "123456789012",
                ["apiId"] = ApiId,
                ["domainName"] = DomainName,
                ["domainPrefix"] = ApiId,
                ["http"] = new JsonObject
                {
                    ["method"] = request.Method,
                    ["path"] = rawPath,
                    ["protocol"] = "HTTP/1.1",
                    ["sourceIp"] = request.SourceIp,
                    ["userAgent"] = Header(request, "User-Agent") ?? "",
                },
                ["requestId"] = requestId ?? Guid.NewGuid().ToString(),
                ["routeKey"] = "$default",
                ["stage"] = request.Stage ?? "$default",
                ["time"] = now.ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture),
                ["timeEpoch"] = now.ToUnixTimeMilliseconds(),
            },
            ["isBase64Encoded"] = isBase64,
        };
        if (body is not null)
        {
            e["body"] = body;
        }

        return e;
    }

    /// <summary>The types an HTTP API passes as text: <c>text/*</c>, JSON, XML (and their <c>+</c> suffixes), form data.</summary>
    public static bool IsText(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType is not { } type)
        {
            return false;
        }

        return type.StartsWith("text/", StringComparison.OrdinalIgnoreCase) || type.EndsWith("/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("/xml", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+xml", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
    }

    private static (string? Body, bool IsBase64) Body(HttpRequestData request)
    {
        if (request.Body.Length == 0)
        {
            return (null, false);
        }

        if (IsText(Header(request, "Content-Type")) && Encoding.UTF8.GetString(request.Body) is var text &&
            !text.Contains('\uFFFD', StringComparison.Ordinal))
        {
            return (text, false);
        }

        return (Convert.ToBase64String(request.Body), true);
    }

    /// <summary>Form decoding, as API Gateway does for REST query values: <c>+</c> and <c>%20</c> are spaces.</summary>
    private static List<KeyValuePair<string, List<string>>> ParseQuery(string rawQuery)
    {
        var result = new List<KeyValuePair<string, List<string>>>();
        foreach (var pair in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            var key = HttpUtility.UrlDecode(separator < 0 ? pair : pair[..separator]);
            var value = separator < 0 ? "" : HttpUtility.UrlDecode(pair[(separator + 1)..]);
            var index = result.FindIndex(p => p.Key == key);
            if (index < 0)
            {
                result.Add(KeyValuePair.Create(key, new List<string> { value }));
            }
            else
            {
                result[index].Value.Add(value);
            }
        }

        return result;
    }

    private static string? Header(HttpRequestData request, string name) =>
        request.Headers.LastOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
