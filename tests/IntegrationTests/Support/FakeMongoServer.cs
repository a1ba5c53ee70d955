using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// Just enough of the MongoDB wire protocol — the OP_QUERY handshake and OP_MSG commands — for the real driver
/// to connect, send its commands and read the answers the test chooses. It records every command but the
/// handshakes. It is not a database: it stores nothing and evaluates nothing. Loopback only.
/// </summary>
public sealed class FakeMongoServer : IAsyncDisposable
{
    private const int OpReply = 1;
    private const int OpQuery = 2004;
    private const int OpMsg = 2013;

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _connections = [];
    private readonly Task _accepting;
    private int _nextRequestId;
    private int _accepted;

    public FakeMongoServer(int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public string ConnectionString => $"mongodb://127.0.0.1:{Port}/";

    /// <summary>Every command received, in order, handshakes and heartbeats left out.</summary>
    public ConcurrentQueue<BsonDocument> Commands { get; } = new();

    /// <summary>The test's answer to a command, or null for the default (an empty success of its kind).</summary>
    public Func<BsonDocument, BsonDocument?>? Answer { get; set; }

    /// <summary>How many connections clients have opened so far (the driver's monitor and pool).</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _accepted);

    public IReadOnlyList<BsonDocument> Received(string command) =>
        [.. Commands.Where(c => c.GetElement(0).Name == command)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _connections.Add(connection);
            Interlocked.Increment(ref _accepted);
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(TcpClient connection)
    {
        try
        {
            var stream = connection.GetStream();
            var header = new byte[16];
            while (true)
            {
                await stream.ReadExactlyAsync(header, _stop.Token);
                var length = BinaryPrimitives.ReadInt32LittleEndian(header);
                var requestId = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
                var opCode = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12));
                var body = new byte[length - 16];
                await stream.ReadExactlyAsync(body, _stop.Token);
                var reply = opCode switch
                {
                    OpQuery => Reply(requestId, OpReply, ReplyBody(Respond(ReadQuery(body)))),
                    OpMsg => Reply(requestId, OpMsg, MessageBody(Respond(ReadMessage(body)))),
                    _ => throw new NotSupportedException($"opCode {opCode}"),
                };
                await stream.WriteAsync(reply, _stop.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or EndOfStreamException or OperationCanceledException
                                              or ObjectDisposedException or SocketException)
        {
            // The driver closed the connection, or the server is stopping.
        }
        finally
        {
            connection.Dispose();
        }
    }

    private BsonDocument Respond(BsonDocument command)
    {
        var name = command.GetElement(0).Name;
        if (name is "hello" or "isMaster" or "ismaster")
        {
            return new BsonDocument
            {
                { "helloOk", true }, { "isWritablePrimary", true }, { "ismaster", true },
                { "maxBsonObjectSize", 16 * 1024 * 1024 }, { "maxMessageSizeBytes", 48_000_000 }, { "maxWriteBatchSize", 100_000 },
                { "localTime", DateTime.UtcNow }, { "connectionId", 1 }, { "minWireVersion", 0 }, { "maxWireVersion", 21 },
                { "readOnly", false }, { "ok", 1.0 },
            };
        }

        Commands.Enqueue(command);
        return Answer?.Invoke(command) ?? Default(name, command);
    }

    private static BsonDocument Default(string name, BsonDocument command) => name switch
    {
        "find" => new BsonDocument
        {
            { "cursor", new BsonDocument { { "firstBatch", new BsonArray() }, { "id", 0L }, { "ns", $"{command["$db"]}.{command[0]}" } } },
            { "ok", 1.0 },
        },
        "insert" => new BsonDocument { { "n", command["documents"].AsBsonArray.Count }, { "ok", 1.0 } },
        "update" => new BsonDocument { { "n", 0 }, { "nModified", 0 }, { "ok", 1.0 } },
        "delete" => new BsonDocument { { "n", 0 }, { "ok", 1.0 } },
        "findAndModify" => new BsonDocument { { "lastErrorObject", new BsonDocument("n", 0) }, { "value", BsonNull.Value }, { "ok", 1.0 } },
        _ => new BsonDocument("ok", 1.0),
    };

    private static BsonDocument ReadQuery(byte[] body)
    {
        // flags, full collection name (cstring), numberToSkip, numberToReturn, query document
        var position = 4;
        while (body[position] != 0)
        {
            position++;
        }

        position += 1 + 8;
        return ReadDocument(body, ref position);
    }

    private static BsonDocument ReadMessage(byte[] body)
    {
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(body);
        var end = body.Length - ((flags & 1) != 0 ? 4 : 0);
        var position = 4;
        BsonDocument? command = null;
        var sequences = new List<(string Name, BsonArray Documents)>();
        while (position < end)
        {
            var kind = body[position++];
            if (kind == 0)
            {
                command = ReadDocument(body, ref position);
                continue;
            }

            var start = position;
            var size = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(position));
            position += 4;
            var nameStart = position;
            while (body[position] != 0)
            {
                position++;
            }

            var name = Encoding.UTF8.GetString(body, nameStart, position - nameStart);
            position++;
            var documents = new BsonArray();
            while (position < start + size)
            {
                documents.Add(ReadDocument(body, ref position));
            }

            sequences.Add((name, documents));
        }

        command ??= [];
        foreach (var (name, documents) in sequences)
        {
            command[name] = documents;
        }

        return command;
    }

    private static BsonDocument ReadDocument(byte[] buffer, ref int position)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(buffer.AsSpan(position));
        var document = BsonSerializer.Deserialize<BsonDocument>(buffer.AsSpan(position, length).ToArray());
        position += length;
        return document;
    }

    private static byte[] ReplyBody(BsonDocument document)
    {
        // responseFlags, cursorID, startingFrom, numberReturned, documents
        var bytes = document.ToBson();
        var body = new byte[20 + bytes.Length];
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(16), 1);
        bytes.CopyTo(body, 20);
        return body;
    }

    private static byte[] MessageBody(BsonDocument document)
    {
        // flagBits, one kind-0 section
        var bytes = document.ToBson();
        var body = new byte[5 + bytes.Length];
        bytes.CopyTo(body, 5);
        return body;
    }

    private byte[] Reply(int responseTo, int opCode, byte[] body)
    {
        var message = new byte[16 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(message, message.Length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), Interlocked.Increment(ref _nextRequestId));
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(8), responseTo);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(12), opCode);
        body.CopyTo(message, 16);
        return message;
    }
}
