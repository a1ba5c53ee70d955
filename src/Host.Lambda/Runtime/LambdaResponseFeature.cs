using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// The response, buffered whole: API Gateway takes one JSON document, not a stream. It starts (runs the
/// <c>OnStarting</c> callbacks, freezes the headers) on the first write or flush, as on Kestrel, so middleware
/// that checks <see cref="HasStarted"/> behaves the same on both hosts.
/// </summary>
internal sealed class LambdaResponseFeature : IHttpResponseFeature, IHttpResponseBodyFeature
{
    private readonly ArrayBufferWriter<byte> _body = new();
    private readonly IHttpBodyControlFeature _bodyControl;
    private Stack<(Func<object, Task> Callback, object State)>? _onStarting;
    private Stack<(Func<object, Task> Callback, object State)>? _onCompleted;
    private PipeWriter? _writer;

    public LambdaResponseFeature(IHttpBodyControlFeature bodyControl)
    {
        _bodyControl = bodyControl;
        Stream = new ResponseBodyStream(this);
        Body = Stream;
    }

    public int StatusCode { get; set; } = StatusCodes.Status200OK;
    public string? ReasonPhrase { get; set; }
    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();
    public Stream Body { get; set; }
    public bool HasStarted { get; private set; }

    public Stream Stream { get; }
    public PipeWriter Writer => _writer ??= PipeWriter.Create(Stream, new StreamPipeWriterOptions(leaveOpen: true));

    public ReadOnlyMemory<byte> BodyBytes => _body.WrittenMemory;

    internal bool AllowSynchronousIO => _bodyControl.AllowSynchronousIO;

    public void OnStarting(Func<object, Task> callback, object state)
    {
        if (HasStarted)
        {
            throw new InvalidOperationException("OnStarting cannot be set because the response has already started.");
        }

        (_onStarting ??= new()).Push((callback, state));
    }

    public void OnCompleted(Func<object, Task> callback, object state) => (_onCompleted ??= new()).Push((callback, state));

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (HasStarted)
        {
            return;
        }

        // Last registered runs first, as on Kestrel.
        while (_onStarting is { Count: > 0 } callbacks)
        {
            var (callback, state) = callbacks.Pop();
            await callback(state);
        }

        HasStarted = true;
    }

    public async Task CompleteAsync()
    {
        if (_writer is not null)
        {
            await _writer.FlushAsync();
        }

        await StartAsync();
    }

    public void DisableBuffering()
    {
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(Stream, path, offset, count, cancellationToken);

    internal void Append(ReadOnlySpan<byte> bytes) => _body.Write(bytes);

    internal async Task FireOnCompletedAsync()
    {
        while (_onCompleted is { Count: > 0 } callbacks)
        {
            var (callback, state) = callbacks.Pop();
            await callback(state);
        }
    }

    /// <summary>Nothing has left the process yet, so an answer the app could not finish can be replaced whole.</summary>
    internal void Reset()
    {
        StatusCode = StatusCodes.Status200OK;
        ReasonPhrase = null;
        Headers.Clear();
        _body.ResetWrittenCount();
        _onStarting?.Clear();
        HasStarted = false;
    }
}
