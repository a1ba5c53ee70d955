using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// Reads HTTP/1.1 answers from a blocking socket, one per request: interim (1xx) answers skipped, the body framed by
/// <c>Transfer-Encoding: chunked</c>, <c>Content-Length</c> or the end of the connection, and whether the connection
/// can carry the next request. Each receive waits at most the time left before the request's deadline.
/// </summary>
internal sealed class Http11ResponseReader(Socket socket)
{
    /// <summary>A line (the status line, a header, a chunk size) longer than this is not a collector's answer.</summary>
    private const int BufferSize = 16 * 1024;

    /// <summary>The OTLP answer is a small message; anything larger is refused rather than held.</summary>
    private const int MaxBody = 1024 * 1024;

    /// <summary>
    /// All the lines of one answer that are not its body (status lines, interim answers, headers, trailers) together:
    /// a collector sending header lines without end is refused here, not read (and its headers held) until the timeout.
    /// </summary>
    private const int MaxHead = 64 * 1024;

    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;
    private CollectorHttpHandler.Deadline _deadline;
    private int _headLeft;

    /// <summary>Whether any byte of the current answer has arrived (a request without one was not processed).</summary>
    public bool AnswerStarted { get; private set; }

    public HttpResponseMessage Read(HttpRequestMessage request, CollectorHttpHandler.Deadline deadline, out bool keepOpen)
    {
        _deadline = deadline;
        AnswerStarted = false;
        _start = _end = 0;
        _headLeft = MaxHead;
        while (true)
        {
            var (version, status, reason) = ParseStatusLine(ReadHeadLine());
            var headers = new List<(string Name, string Value)>();
            for (var line = ReadHeadLine(); !line.IsEmpty; line = ReadHeadLine())
            {
                headers.Add(ParseHeader(line));
            }

            if (status is >= 100 and < 200)
            {
                if (status == 101)
                {
                    throw Invalid("the collector switched protocols");
                }

                continue;
            }

            var closes = version == HttpVersion.Version10 ? !HasToken(headers, "Connection", "keep-alive") : HasToken(headers, "Connection", "close");
            byte[] body;
            if (status is 204 or 304 || request.Method == HttpMethod.Head)
            {
                body = [];
            }
            else if (LastTransferCoding(headers) is { } coding)
            {
                body = coding.Equals("chunked", StringComparison.OrdinalIgnoreCase)
                    ? ReadChunked()
                    : throw Invalid($"unsupported transfer coding {coding}");
            }
            else if (ContentLength(headers) is { } length)
            {
                body = ReadExactly(length);
            }
            else
            {
                body = ReadToEnd();
                closes = true;
            }

            // Bytes after the answer were not asked for: the connection is out of step and is not used again.
            keepOpen = !closes && _start == _end;
            var response = new HttpResponseMessage((HttpStatusCode)status)
            {
                Version = version,
                ReasonPhrase = reason,
                RequestMessage = request,
                Content = new ByteArrayContent(body),
            };
            foreach (var (name, value) in headers)
            {
                if (!response.Headers.TryAddWithoutValidation(name, value))
                {
                    response.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            return response;
        }
    }

    private static (Version Version, int Status, string Reason) ParseStatusLine(ReadOnlySpan<byte> line)
    {
        // HTTP/1.x SP 3DIGIT SP reason-phrase (the reason may be empty, and some servers leave out the space before it).
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[8] != (byte)' ' || (line.Length > 12 && line[12] != (byte)' ')
            || !int.TryParse(line.Slice(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) || status < 100)
        {
            throw Invalid("a malformed status line");
        }

        var version = line[7] switch
        {
            (byte)'1' => HttpVersion.Version11,
            (byte)'0' => HttpVersion.Version10,
            _ => throw Invalid("an unknown HTTP version"),
        };
        return (version, status, line.Length > 13 ? Encoding.Latin1.GetString(line[13..]) : "");
    }

    private static (string Name, string Value) ParseHeader(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[..colon].ContainsAny((byte)' ', (byte)'\t'))
        {
            throw Invalid("a malformed header");
        }

        return (Encoding.Latin1.GetString(line[..colon]), Encoding.Latin1.GetString(line[(colon + 1)..].Trim(" \t"u8)));
    }

    private static bool HasToken(List<(string Name, string Value)> headers, string name, string token) =>
        headers.Exists(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
            && h.Value.Split(',', StringSplitOptions.TrimEntries).Contains(token, StringComparer.OrdinalIgnoreCase));

    private static string? LastTransferCoding(List<(string Name, string Value)> headers)
    {
        string? last = null;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                last = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? last;
            }
        }

        return last;
    }

    private static int? ContentLength(List<(string Name, string Value)> headers)
    {
        int? length = null;
        foreach (var (name, value) in headers)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || (length is { } seen && seen != parsed))
            {
                throw Invalid("an invalid Content-Length");
            }

            length = parsed;
        }

        return length > MaxBody ? throw Invalid("an answer larger than the exporter reads") : length;
    }

    private byte[] ReadChunked()
    {
        using var body = new MemoryStream();
        while (true)
        {
            var line = ReadLine();
            var extension = line.IndexOf((byte)';');
            var size = (extension >= 0 ? line[..extension] : line).Trim(" \t"u8);
            if (!int.TryParse(size, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var length) || length < 0
                || body.Length + length > MaxBody)
            {
                throw Invalid("an invalid chunk size");
            }

            if (length == 0)
            {
                // Trailers, up to the empty line that ends the answer; nothing in them is needed here.
                while (!ReadHeadLine().IsEmpty)
                {
                }

                return body.ToArray();
            }

            body.Write(ReadExactly(length));
            if (!ReadLine().IsEmpty)
            {
                throw Invalid("a chunk longer than its size");
            }
        }
    }

    private byte[] ReadExactly(int length)
    {
        var body = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            if (_start == _end && Receive() == 0)
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The collector closed the connection in the middle of its answer.");
            }

            var take = Math.Min(length - filled, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(body.AsSpan(filled));
            _start += take;
            filled += take;
        }

        return body;
    }

    private byte[] ReadToEnd()
    {
        using var body = new MemoryStream();
        do
        {
            body.Write(_buffer, _start, _end - _start);
            _start = _end;
            if (body.Length > MaxBody)
            {
                throw Invalid("an answer larger than the exporter reads");
            }
        }
        while (Receive() > 0);

        return body.ToArray();
    }

    /// <summary>A line of the answer's head or trailers, counted against <see cref="MaxHead"/>.</summary>
    private ReadOnlySpan<byte> ReadHeadLine()
    {
        var line = ReadLine();
        _headLeft -= line.Length + 2;
        return _headLeft < 0 ? throw Invalid("a head or trailers larger than the exporter reads") : line;
    }

    /// <summary>The next line without its CRLF (a bare LF is accepted too); valid until the next read.</summary>
    private ReadOnlySpan<byte> ReadLine()
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsSpan(_start, scanned + newline);
                _start += scanned + newline + 1;
                return line.EndsWith("\r"u8) ? line[..^1] : line;
            }

            scanned = _end - _start;
            if (Receive() == 0)
            {
                throw AnswerStarted
                    ? new HttpRequestException(HttpRequestError.ResponseEnded, "The collector closed the connection in the middle of its answer.")
                    : new CollectorHttpHandler.CollectorClosedException();
            }
        }
    }

    /// <summary>Receives more bytes after those not yet read (moved to the front when the buffer's end is reached).</summary>
    private int Receive()
    {
        if (_end == _buffer.Length)
        {
            if (_start == 0)
            {
                throw Invalid("a line longer than the reader's buffer");
            }

            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        socket.ReceiveTimeout = _deadline.RemainingMilliseconds();
        var received = socket.Receive(_buffer.AsSpan(_end));
        _end += received;
        AnswerStarted |= received > 0;
        return received;
    }

    private static HttpRequestException Invalid(string what) =>
        new(HttpRequestError.InvalidResponse, $"The collector's answer is not valid HTTP/1.1: {what}.");
}
