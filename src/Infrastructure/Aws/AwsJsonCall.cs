using System.Net.Http.Headers;

namespace Latch.Infrastructure.Aws;

/// <summary>
/// One SigV4-signed POST of a JSON body to an AWS service, as its JSON protocols take it (SQS's AWS JSON 1.0 with an
/// <c>X-Amz-Target</c>, SES v2's REST JSON on a path). Returns the status and the body; the caller reads AWS errors.
/// </summary>
internal static class AwsJsonCall
{
    public static async Task<(int Status, string Body)> PostAsync(HttpClient http, Uri endpoint, string service, string contentType,
        string? target, byte[] body, AwsCredentials credentials, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var headers = new Dictionary<string, string> { ["content-type"] = contentType };
        if (target is not null)
        {
            headers["x-amz-target"] = target;
        }

        foreach (var (name, value) in SigV4.Sign(endpoint, headers, body, credentials, service, now).Where(h => h.Key != "content-type"))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>The service's endpoint: AWS_ENDPOINT_URL_{SERVICE} or AWS_ENDPOINT_URL when set (as the AWS SDKs read them), else the region's.</summary>
    public static Uri Endpoint(string serviceVariable, Uri regional, Func<string, string?> variable) =>
        variable($"AWS_ENDPOINT_URL_{serviceVariable}") is { Length: > 0 } own ? new Uri(own)
        : variable("AWS_ENDPOINT_URL") is { Length: > 0 } shared ? new Uri(shared)
        : regional;

    /// <summary>The error's type from an AWS JSON error body (<c>__type</c>, for SQS prefixed by a namespace), or the status.</summary>
    public static string ErrorType(string body, int status)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object &&
                json.RootElement.TryGetProperty("__type", out var type) && type.GetString() is { Length: > 0 } name)
            {
                return name[(name.LastIndexOf('#') + 1)..];
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return $"HTTP {status}";
    }
}
