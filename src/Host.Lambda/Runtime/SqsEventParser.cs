using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Latch.Host.Lambda.Runtime;

/// <summary>Reads an SQS event for the mail-sender handler; anything else is refused with a reason, as API events are.</summary>
internal static class SqsEventParser
{
    public static bool TryParse(ReadOnlyMemory<byte> payload, [NotNullWhen(true)] out List<SqsRecord>? records,
        [NotNullWhen(false)] out EventError? error)
    {
        records = null;
        error = null;
        try
        {
            var parsed = JsonSerializer.Deserialize(payload.Span, LambdaJsonContext.Default.SqsEvent);
            if (parsed?.Records is not { } all || all.Any(r => r.EventSource != "aws:sqs" || string.IsNullOrEmpty(r.MessageId)))
            {
                error = new EventError(EventParser.UnsupportedEvent, "The event is not an SQS event (Records of eventSource aws:sqs with a messageId).");
                return false;
            }

            records = all;
            return true;
        }
        catch (JsonException exception)
        {
            error = new EventError(EventParser.InvalidEvent, $"The event is not valid JSON of an SQS event: {exception.Message}");
            return false;
        }
    }
}
