namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// The request body, already whole in memory. It behaves like Kestrel's: synchronous reads are refused unless
/// allowed, a body over the request's size limit fails with <c>413</c>, and a body that could not be decoded
/// fails with <c>400</c> when read — so the app's own error path answers, exactly as for a bad body on Kestrel.
/// </summary>
internal sealed class RequestBodyStream(ReadOnlyMemory<byte> body, bool invalid, InvocationFeatures features) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!features.AllowSynchronousIO)
        {
            throw new InvalidOperationException("Synchronous operations are disallowed. Call ReadAsync or set AllowSynchronousIO to true instead.");
        }

        return ReadCore(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        try
        {
            return ValueTask.FromResult(ReadCore(buffer.Span));
        }
        catch (BadHttpRequestException exception)
        {
            return ValueTask.FromException<int>(exception);
        }
    }

    private int ReadCore(Span<byte> buffer)
    {
        features.MarkBodyRead();
        if (invalid)
        {
            throw new BadHttpRequestException("The request body is not valid base64.", StatusCodes.Status400BadRequest);
        }

        if (features.MaxRequestBodySize is { } limit && body.Length > limit)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }

        var count = Math.Min(buffer.Length, body.Length - _position);
        body.Span.Slice(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
