using Latch.Domain.Sessions;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// The value serializers every document uses: ids as BSON UUIDs (binary subtype 4, RFC 4122 byte order, so
/// version-7 ids sort by time in an index), instants as BSON dates (UTC milliseconds, like the SQLite store),
/// hashes as generic binary.
/// </summary>
internal static class BsonValues
{
    public static readonly IBsonSerializer<Guid> Id = new GuidSerializer(GuidRepresentation.Standard);

    public static readonly IBsonSerializer<DateTimeOffset> Instant = new DateTimeOffsetSerializer(BsonType.DateTime);

    public static readonly IBsonSerializer<DateTimeOffset?> NullableInstant = new NullableSerializer<DateTimeOffset>(Instant);

    public static readonly IBsonSerializer<byte[]> Bytes = new ByteArraySerializer();

    public static readonly IBsonSerializer<byte[]?> NullableBytes = new ByteArraySerializer();

    public static readonly IBsonSerializer<string> String = new StringSerializer();

    public static readonly IBsonSerializer<string?> NullableString = new StringSerializer();

    public static readonly IBsonSerializer<long> Int64 = new Int64Serializer();

    public static readonly IBsonSerializer<int> Int32 = new Int32Serializer();

    public static readonly IBsonSerializer<bool> Boolean = new BooleanSerializer();

    /// <summary>The reason's stable number, as the SQLite store keeps it.</summary>
    public static readonly IBsonSerializer<RevocationReason?> NullableReason =
        new NullableSerializer<RevocationReason>(new EnumSerializer<RevocationReason>(BsonType.Int32));

    /// <summary>A required field that a stored document lacks: a corrupt or foreign document, never user input.</summary>
    public static BsonSerializationException Missing(string collection, string field) =>
        new($"A document in '{collection}' has no '{field}' field.");
}
