using Latch.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Latch.Infrastructure;

/// <summary>The composition's <see cref="IServerHooks"/>: each hook is the same code the Kestrel host runs.</summary>
internal sealed class ServerHooks(InvocationTelemetry telemetry, IOptions<KestrelServerOptions> kestrel,
    IEnumerable<IExceptionHandler> exceptionHandlers, BackgroundStartGate backgroundStart) : IServerHooks
{
    private readonly IExceptionHandler[] _exceptionHandlers = [.. exceptionHandlers];

    public long? MaxRequestBodySize => kestrel.Value.Limits.MaxRequestBodySize;

    public IInvocationScope BeginInvocation(string requestId, string? runtimeTraceHeader, string? functionArn) =>
        backgroundStart.OpenAfter(telemetry.Begin(requestId, runtimeTraceHeader, functionArn));

    /// <summary>The app's exception handlers see a <see cref="TimeoutException"/>: the same 503 as any other timeout.</summary>
    public async Task<bool> TryAnswerOutOfTimeAsync(HttpContext context)
    {
        foreach (var handler in _exceptionHandlers)
        {
            if (await handler.TryHandleAsync(context, new TimeoutException("The invocation's deadline is near."), CancellationToken.None))
            {
                return true;
            }
        }

        return false;
    }
}
