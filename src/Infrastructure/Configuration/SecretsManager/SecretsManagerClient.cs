using System.Net.Http.Headers;
using System.Text.Json;
using Latch.Infrastructure.Aws;

namespace Latch.Infrastructure.Configuration.SecretsManager;

/// <summary>
/// Secrets Manager's GetSecretValue, and nothing else, over HTTPS with a SigV4-signed request. The endpoint is
/// the region's, unless AWS_ENDPOINT_URL_SECRETS_MANAGER (or AWS_ENDPOINT_URL) names another, as for the AWS SDKs.
/// </summary>
public sealed class SecretsManagerClient(HttpClient http, AwsCredentials credentials, Uri endpoint, TimeProvider time)
{
    public const string Service = "secretsmanager";
    public const string Target = "secretsmanager.GetSecretValue";
    public const string ContentType = "application/x-amz-json-1.1";

    public static Uri EndpointFor(string region, Func<string, string?> variable) =>
        variable("AWS_ENDPOINT_URL_SECRETS_MANAGER") is { Length: > 0 } own ? new Uri(own)
        : variable("AWS_ENDPOINT_URL") is { Length: > 0 } shared ? new Uri(shared)
        : new Uri($"https://secretsmanager.{region}.amazonaws.com/");

    /// <summary>The secret's current SecretString; an AWS error answer becomes a <see cref="SecretsManagerException"/>.</summary>
    public async Task<string> GetSecretStringAsync(string secretId, CancellationToken cancellationToken)
    {
        var body = JsonBody(secretId);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        var signed = SigV4.Sign(endpoint, new Dictionary<string, string>
        {
            ["content-type"] = ContentType,
            ["x-amz-target"] = Target,
        }, body, credentials, Service, time.GetUtcNow());
        foreach (var (name, headerValue) in signed.Where(h => h.Key != "content-type"))
        {
            request.Headers.TryAddWithoutValidation(name, headerValue);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        using var json = Parse(text, (int)response.StatusCode);
        if (!response.IsSuccessStatusCode)
        {
            throw new SecretsManagerException(ErrorOf(json.RootElement, (int)response.StatusCode));
        }

        return json.RootElement.ValueKind == JsonValueKind.Object &&
               json.RootElement.TryGetProperty("SecretString", out var secret) && secret.GetString() is { } value
            ? value
            : throw new SecretsManagerException("the answer has no SecretString (a binary secret is not supported)");
    }

    private static byte[] JsonBody(string secretId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("SecretId", secretId);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static JsonDocument Parse(string text, int status)
    {
        try
        {
            return JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        }
        catch (JsonException)
        {
            throw new SecretsManagerException($"HTTP {status} with a body that is not JSON");
        }
    }

    /// <summary>"AccessDeniedException: message" from the JSON protocol's error body (__type, message or Message).</summary>
    private static string ErrorOf(JsonElement error, int status)
    {
        string? Read(string name) =>
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        var type = Read("__type") is { } t ? t[(t.LastIndexOf('#') + 1)..] : $"HTTP {status}";
        var message = Read("message") ?? Read("Message");
        return message is null ? type : $"{type}: {message}";
    }
}

/// <summary>Secrets Manager answered with an error, or with something that is not a secret string.</summary>
public sealed class SecretsManagerException : Exception
{
    public SecretsManagerException()
    {
    }

    public SecretsManagerException(string message)
        : base(message)
    {
    }

    public SecretsManagerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
