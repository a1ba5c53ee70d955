using System.Text.Json;
using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;
using Latch.Infrastructure.Aws;

namespace Latch.Infrastructure.Mail.Outbox;

/// <summary>
/// The outbox on Lambda: each message becomes one SQS message (SendMessage, AWS JSON protocol, SigV4-signed with the
/// function's role), which the mail-sender function consumes. A function may be frozen the moment it answers, so
/// nothing is left to a background task: the message is in the queue before the request's answer goes out.
/// </summary>
internal sealed class SqsOutbox(HttpClient http, AwsCredentials credentials, Uri endpoint, Uri queueUrl, TimeProvider time) : IOutbox
{
    public const string Service = "sqs";
    public const string Target = "AmazonSQS.SendMessage";
    public const string ContentType = "application/x-amz-json-1.0";

    public async Task EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var body = Body(queueUrl, JsonSerializer.Serialize(message, OutboxJsonContext.Default.OutboxMessage));
        (int Status, string Body) answer;
        try
        {
            answer = await AwsJsonCall.PostAsync(http, endpoint, Service, ContentType, Target, body, credentials, time.GetUtcNow(),
                cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new OutboxUnavailableException($"SQS could not be reached ({e.GetType().Name})", e);
        }

        if (answer.Status != 200)
        {
            throw new OutboxUnavailableException($"SQS refused SendMessage ({AwsJsonCall.ErrorType(answer.Body, answer.Status)})");
        }
    }

    internal static byte[] Body(Uri queueUrl, string messageBody)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("QueueUrl", queueUrl.ToString());
            writer.WriteString("MessageBody", messageBody);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
