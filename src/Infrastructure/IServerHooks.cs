using Microsoft.AspNetCore.Http;

namespace Latch.Infrastructure;

/// <summary>
/// What a host that brings its own server instead of Kestrel (the Lambda adapter) takes from the composition: the
/// limit the app sets on request bodies, the app's own answer to a request out of time, and the telemetry around each
/// invocation. With <see cref="ApiHostOptions"/> (what the host tells the composition) it is the whole face the
/// composition shows such a server: the server names nothing behind it.
/// </summary>
public interface IServerHooks
{
    /// <summary>The request-body ceiling the app sets for Kestrel; a server that replaces Kestrel enforces it too.</summary>
    long? MaxRequestBodySize { get; }

    /// <summary>
    /// Starts one invocation's telemetry: its span (parented by the runtime's trace header), the request id on every log
    /// line. Disposing the scope ends it and exports what it recorded, before the process can be frozen.
    /// </summary>
    IInvocationScope BeginInvocation(string requestId, string? runtimeTraceHeader, string? functionArn);

    /// <summary>
    /// Answers a request whose time ran out as the app answers any timeout (a 503 problem), unless its response has
    /// started; false when nothing was written.
    /// </summary>
    Task<bool> TryAnswerOutOfTimeAsync(HttpContext context);
}

/// <summary>An invocation in progress; disposing it ends the invocation.</summary>
public interface IInvocationScope : IDisposable
{
    /// <summary>The X-Ray trace header the request carries: the invocation's span as its parent when traced, else the runtime's.</summary>
    string? TraceHeader { get; }

    /// <summary>The W3C <c>traceparent</c> of <see cref="TraceHeader"/>, or null when there is no valid one.</summary>
    string? TraceParent { get; }
}
