namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// Writes into the buffered response. Writing to memory cannot be cancelled half-way, so a cancelled token is
/// ignored here: the app's error path must still be able to write its answer after <c>RequestAborted</c> fired.
/// </summary>
internal sealed class ResponseBodyStream(LambdaResponseFeature response) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureSynchronousIOAllowed();
        response.StartAsync().GetAwaiter().GetResult();
        response.Append(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await response.StartAsync(CancellationToken.None);
        response.Append(buffer.Span);
    }

    public override void Flush()
    {
        EnsureSynchronousIOAllowed();
        response.StartAsync().GetAwaiter().GetResult();
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => response.StartAsync(CancellationToken.None);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    private void EnsureSynchronousIOAllowed()
    {
        if (!response.AllowSynchronousIO)
        {
            throw new InvalidOperationException("Synchronous operations are disallowed. Call WriteAsync or set AllowSynchronousIO to true instead.");
        }
    }
}
