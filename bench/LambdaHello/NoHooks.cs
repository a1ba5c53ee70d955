using Latch.Infrastructure;

namespace Latch.Bench.LambdaHello;

/// <summary>The adapter's hooks with nothing behind them: no body limit, no timeout answer of the app's own, no telemetry.</summary>
internal sealed class NoHooks : IServerHooks
{
    public long? MaxRequestBodySize => null;

    public IInvocationScope BeginInvocation(string requestId, string? runtimeTraceHeader, string? functionArn) =>
        new Scope(runtimeTraceHeader);

    public Task<bool> TryAnswerOutOfTimeAsync(HttpContext context) => Task.FromResult(false);

    private sealed class Scope(string? traceHeader) : IInvocationScope
    {
        public string? TraceHeader { get; } = traceHeader;

        public string? TraceParent => null;

        public void Dispose()
        {
        }
    }
}

/// <summary>Hello world serves no queue; a queue event would be a misconfiguration.</summary>
internal sealed class NoQueue : IQueueConsumer
{
    public Task<bool> HandleAsync(string recordId, string body, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("hello world consumes no queue");
}
