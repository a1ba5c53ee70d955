using System.Text;
using System.Text.Json;

namespace Latch.LambdaEmulator;

/// <summary>How an invocation ended at the Runtime API.</summary>
public enum InvocationOutcome
{
    /// <summary>Posted to <c>/response</c> and accepted (202).</summary>
    Response,

    /// <summary>Posted to <c>/error</c>.</summary>
    Error,

    /// <summary>Posted to <c>/response</c> and refused: too large (413) or a status the test forced.</summary>
    Refused,
}

/// <summary>What the runtime posted for one invocation.</summary>
public sealed record InvocationResult(string RequestId, InvocationOutcome Outcome, int RuntimeApiStatus, byte[] Payload, string? ErrorType)
{
    public string Text => Encoding.UTF8.GetString(Payload);

    public JsonElement Json => JsonDocument.Parse(Payload).RootElement.Clone();
}

/// <summary>What the runtime posted to <c>/runtime/init/error</c>.</summary>
public sealed record InitError(string? ErrorType, byte[] Payload)
{
    public JsonElement Json => JsonDocument.Parse(Payload).RootElement.Clone();
}

/// <summary>The headers <c>/next</c> hands over with an event; unset ones get realistic defaults.</summary>
public sealed record InvocationHeaders
{
    public string? RequestId { get; init; }
    public DateTimeOffset? Deadline { get; init; }
    public string FunctionArn { get; init; } = "arn:aws:lambda:us-east-1:123456789012:function:latch";
    public string? TraceId { get; init; }

    /// <summary>Sends no <c>Lambda-Runtime-Trace-Id</c> at all (the runtime always sends one; the adapter must cope).</summary>
    public bool WithoutTraceId { get; init; }
}

/// <summary>An event waiting for, or being handled by, the runtime.</summary>
public sealed class PendingInvocation
{
    private readonly TaskCompletionSource<InvocationResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal PendingInvocation(string requestId, DateTimeOffset deadline, string functionArn, string? traceId, byte[] payload)
    {
        RequestId = requestId;
        Deadline = deadline;
        FunctionArn = functionArn;
        TraceId = traceId;
        Payload = payload;
    }

    public string RequestId { get; }
    public DateTimeOffset Deadline { get; }
    public string FunctionArn { get; }
    public string? TraceId { get; }
    public byte[] Payload { get; }
    public Task<InvocationResult> Result => _result.Task;

    internal void Complete(InvocationResult result) => _result.TrySetResult(result);
}
