using System.Text.Json;
using Latch.Infrastructure.Aws;
using Latch.Infrastructure.Mail.Composition;

namespace Latch.Infrastructure.Mail.Transports;

/// <summary>
/// Amazon SES API v2 <c>SendEmail</c> (POST /v2/email/outbound-emails), SigV4-signed with the function's role, simple
/// content (subject, text and HTML; SES builds the MIME), from the configured identity. The AWS SDK package for SES v2
/// is not available to this build, and the signed call is a page of code that keeps the Native AOT binary free of an SDK.
/// </summary>
internal sealed class SesMailTransport(HttpClient http, AwsCredentials credentials, Uri endpoint, MailSettings settings,
    TimeProvider time) : IMailTransport
{
    public const string Service = "ses";
    public const string Path = "v2/email/outbound-emails";

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        (int Status, string Body) answer;
        try
        {
            answer = await AwsJsonCall.PostAsync(http, SendEmailUri(endpoint), Service, "application/json", target: null, Body(mail, settings),
                credentials, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new MailTransportException($"SES could not be reached ({e.GetType().Name})", permanent: false, e);
        }

        if (answer.Status != 200)
        {
            // Only a refusal of this email itself is permanent. Errors about the account, the credentials or the setup
            // (access denied, a bad or expired signature, the sandbox's MessageRejected, a suspended account or paused
            // sending, a missing identity or configuration set) and anything unknown fail every email alike: they go back
            // to the queue and on to the dead-letter queue and its alarm rather than being dropped one by one.
            var type = SesErrorType(answer.Body, answer.Status);
            var permanent = answer.Status == 400 && type == "BadRequestException";
            throw new MailTransportException($"SES refused SendEmail ({answer.Status} {type})", permanent);
        }
    }

    /// <summary>The operation's path under the endpoint's own (a proxy's <c>https://host/ses</c> keeps its <c>/ses</c>).</summary>
    internal static Uri SendEmailUri(Uri endpoint) =>
        new(endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/"), Path);

    internal static byte[] Body(OutgoingMail mail, MailSettings settings)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("FromEmailAddress", settings.From);
            writer.WriteString("FromEmailAddressIdentityArn", settings.Ses.IdentityArn);
            writer.WriteStartObject("Destination");
            writer.WriteStartArray("ToAddresses");
            writer.WriteStringValue(mail.To);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartObject("Content");
            writer.WriteStartObject("Simple");
            Text(writer, "Subject", mail.Subject);
            writer.WriteStartObject("Body");
            Text(writer, "Text", mail.Text);
            Text(writer, "Html", mail.Html);
            writer.WriteEndObject();
            writer.WriteStartArray("Headers");
            writer.WriteStartObject();
            writer.WriteString("Name", "Auto-Submitted");
            writer.WriteString("Value", "auto-generated");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            if (settings.Ses.ConfigurationSet is { Length: > 0 } set)
            {
                writer.WriteString("ConfigurationSetName", set);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Text(Utf8JsonWriter writer, string name, string data)
    {
        writer.WriteStartObject(name);
        writer.WriteString("Data", data);
        writer.WriteString("Charset", "UTF-8");
        writer.WriteEndObject();
    }

    /// <summary>SES v2 names the error in <c>x-amzn-ErrorType</c> and in the body's <c>__type</c> or <c>code</c>; the body is enough here.</summary>
    private static string SesErrorType(string body, int status)
    {
        var type = AwsJsonCall.ErrorType(body, status);
        if (!type.StartsWith("HTTP ", StringComparison.Ordinal))
        {
            return type;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("code", out var code) &&
                   code.GetString() is { Length: > 0 } name
                ? name
                : type;
        }
        catch (JsonException)
        {
            return type;
        }
    }
}
