using System.Text;
using Latch.Infrastructure.Telemetry;

namespace Latch.UnitTests.Infrastructure.Telemetry;

/// <summary>
/// The Kestrel host's log lines are written in batches: fewer writes, but never a line lost, cut or reordered, and
/// none kept longer than the interval.
/// </summary>
public sealed class BatchedLineWriterTests
{
    [Fact]
    public void Lines_wait_for_the_interval_and_go_out_together_in_order()
    {
        var output = new WriteCountingStream();
        using var writer = new BatchedLineWriter(output, TimeSpan.FromSeconds(30));

        for (var i = 0; i < 100; i++)
        {
            writer.Write(Encoding.UTF8.GetBytes($"line {i}\n"));
        }

        Assert.Equal(0, output.Writes);
        writer.Flush();
        Assert.Equal(1, output.Writes);
        Assert.Equal(string.Concat(Enumerable.Range(0, 100).Select(i => $"line {i}\n")), output.Text);
    }

    [Fact]
    public async Task A_line_reaches_the_output_within_the_interval_without_anything_else_happening()
    {
        var output = new WriteCountingStream();
        using var writer = new BatchedLineWriter(output, TimeSpan.FromMilliseconds(10));

        writer.Write("one line\n"u8);

        var deadline = DateTime.UtcNow.AddSeconds(5); // the interval, with room for a loaded machine's scheduling
        while (output.Text.Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        Assert.Equal("one line\n", output.Text);
    }

    [Fact]
    public void A_full_buffer_is_written_at_once_without_waiting_for_the_interval()
    {
        var output = new WriteCountingStream();
        using var writer = new BatchedLineWriter(output, TimeSpan.FromSeconds(30));
        var line = Encoding.UTF8.GetBytes(new string('x', 999) + "\n");

        for (var i = 0; i < BatchedLineWriter.FlushBytes / line.Length + 1; i++)
        {
            writer.Write(line);
        }

        Assert.Equal(1, output.Writes);
        Assert.Equal(0, output.Text.Length % line.Length); // whole lines only
    }

    [Fact]
    public async Task Every_line_of_a_concurrent_burst_is_written_whole_by_the_time_the_writer_is_disposed()
    {
        var output = new WriteCountingStream();
        var writer = new BatchedLineWriter(output, TimeSpan.FromSeconds(30));

        await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                writer.Write(Encoding.UTF8.GetBytes($"thread {thread} line {i} {new string('.', i % 300)}\n"));
            }
        })));
        writer.Dispose();

        var lines = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(16_000, lines.Length);
        Assert.Equal(16_000, lines.Distinct().Count());
        for (var thread = 0; thread < 8; thread++)
        {
            var own = lines.Where(l => l.StartsWith($"thread {thread} ", StringComparison.Ordinal))
                .Select(l => int.Parse(l.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(Enumerable.Range(0, 2_000), own); // each thread's lines in the order it wrote them
        }

        Assert.True(output.Writes < 16_000 / 10, $"{output.Writes} writes for 16,000 lines");
    }

    [Fact]
    public void A_line_written_after_the_writer_is_disposed_is_still_written()
    {
        var output = new WriteCountingStream();
        var writer = new BatchedLineWriter(output, TimeSpan.FromSeconds(30));
        writer.Write("before\n"u8);
        writer.Dispose();

        writer.Write("after\n"u8);

        Assert.Equal("before\nafter\n", output.Text);
    }

    /// <summary>A stream that keeps what is written and counts the writes (each one a system call on standard output).</summary>
    private sealed class WriteCountingStream : Stream
    {
        private readonly MemoryStream _bytes = new();
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public string Text
        {
            get
            {
                lock (_bytes)
                {
                    return Encoding.UTF8.GetString(_bytes.ToArray());
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_bytes)
            {
                _writes++;
                _bytes.Write(buffer);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
