using System.Text.Json.Serialization;

namespace Latch.Host.Lambda.Runtime;

/// <summary>An SQS event as Lambda's event source mapping delivers it: a batch of records (the fields the sender reads).</summary>
internal sealed class SqsEvent
{
    // The one capitalised name in the event (the record fields are camelCase, as the adapter's context writes them).
    [JsonPropertyName("Records")]
    public List<SqsRecord>? Records { get; set; }
}

internal sealed class SqsRecord
{
    public string? MessageId { get; set; }

    public string? Body { get; set; }

    public string? EventSource { get; set; }
}

/// <summary>
/// The partial batch response (the mapping's <c>ReportBatchItemFailures</c>): the records that failed come back after
/// their visibility timeout; the rest are deleted from the queue.
/// </summary>
internal sealed record SqsBatchResponse(List<SqsBatchItemFailure> BatchItemFailures);

internal sealed record SqsBatchItemFailure(string ItemIdentifier);
