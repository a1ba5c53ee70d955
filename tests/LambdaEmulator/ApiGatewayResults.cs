using System.Text;
using System.Text.Json;

namespace Latch.LambdaEmulator;

/// <summary>An HTTP response as API Gateway would send it to the client.</summary>
public sealed record HttpResponseData(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>Turns a Lambda proxy response payload back into an HTTP response, as API Gateway does.</summary>
public static class ApiGatewayResults
{
    public static HttpResponseData Parse(EventFormat format, byte[] payload)
    {
        var root = JsonDocument.Parse(payload).RootElement;
        if (format == EventFormat.V2 && (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("statusCode", out _)))
        {
            // HTTP API infers a 200 JSON response from any other payload.
            return new HttpResponseData(200, [KeyValuePair.Create("Content-Type", "application/json")], payload);
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (root.TryGetProperty("multiValueHeaders", out var multi) && multi.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in multi.EnumerateObject())
            {
                headers.AddRange(header.Value.EnumerateArray().Select(v => KeyValuePair.Create(header.Name, v.GetString() ?? "")));
            }
        }

        if (root.TryGetProperty("headers", out var single) && single.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in single.EnumerateObject())
            {
                if (!headers.Any(h => h.Key.Equals(header.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    headers.Add(KeyValuePair.Create(header.Name, header.Value.GetString() ?? ""));
                }
            }
        }

        if (root.TryGetProperty("cookies", out var cookies) && cookies.ValueKind == JsonValueKind.Array)
        {
            headers.AddRange(cookies.EnumerateArray().Select(c => KeyValuePair.Create("Set-Cookie", c.GetString() ?? "")));
        }

        var text = root.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String ? body.GetString()! : "";
        var isBase64 = root.TryGetProperty("isBase64Encoded", out var flag) && flag.ValueKind == JsonValueKind.True;
        return new HttpResponseData(root.GetProperty("statusCode").GetInt32(), headers,
            isBase64 ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text));
    }
}
