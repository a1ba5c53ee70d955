using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// The field table of one stored document: each field's BSON name, serializer and value in the domain object, in
/// the order a document is written. The serializer writes and reads a document from this table alone, and
/// filters, updates and indexes use the <see cref="BsonField{TDocument,TValue}"/> it hands out, so adding a field
/// is one line here (and one argument where the domain object is restored).
/// </summary>
internal sealed class BsonDocumentMap<TDocument>(string collection)
{
    private readonly List<IEntry> _entries = [];
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

    public string Collection { get; } = collection;

    /// <summary>A field every stored document has; a document without it is refused.</summary>
    public BsonField<TDocument, TValue> Required<TValue>(string name, IBsonSerializer<TValue> serializer, Func<TDocument, TValue> value) =>
        Add(name, serializer, value, readBack: true, hasDefault: false, default!);

    /// <summary>
    /// A field written on every document that an older document may lack (or an optional value, written as an explicit
    /// null): a document without it reads as <paramref name="absent"/>.
    /// </summary>
    public BsonField<TDocument, TValue> Optional<TValue>(string name, IBsonSerializer<TValue> serializer, Func<TDocument, TValue> value,
        TValue absent) =>
        Add(name, serializer, value, readBack: true, hasDefault: true, absent);

    /// <summary>A value derived from other fields, stored for a query or an index only: written, never read back.</summary>
    public BsonField<TDocument, TValue> Derived<TValue>(string name, IBsonSerializer<TValue> serializer, Func<TDocument, TValue> value) =>
        Add(name, serializer, value, readBack: false, hasDefault: false, default!);

    public void Write(BsonSerializationContext context, TDocument document)
    {
        context.Writer.WriteStartDocument();
        foreach (var entry in _entries)
        {
            entry.Write(context, document);
        }

        context.Writer.WriteEndDocument();
    }

    /// <summary>Reads one document's fields; unknown and derived fields are skipped.</summary>
    public Values Read(BsonDeserializationContext context)
    {
        var values = new object?[_entries.Count];
        var present = new bool[_entries.Count];
        var reader = context.Reader;
        reader.ReadStartDocument();
        while (reader.ReadBsonType() != BsonType.EndOfDocument)
        {
            if (_byName.TryGetValue(reader.ReadName(), out var index) && _entries[index].ReadBack)
            {
                values[index] = _entries[index].Read(context);
                present[index] = true;
            }
            else
            {
                reader.SkipValue();
            }
        }

        reader.ReadEndDocument();
        return new Values(this, values, present);
    }

    private BsonField<TDocument, TValue> Add<TValue>(string name, IBsonSerializer<TValue> serializer, Func<TDocument, TValue> value,
        bool readBack, bool hasDefault, TValue absent)
    {
        var field = new BsonField<TDocument, TValue>(name, serializer);
        _byName.Add(name, _entries.Count);
        _entries.Add(new Entry<TValue>(field, value, readBack, hasDefault, absent));
        return field;
    }

    /// <summary>The fields of one document as read, each taken out by its <see cref="BsonField{TDocument,TValue}"/>.</summary>
    public readonly struct Values
    {
        private readonly BsonDocumentMap<TDocument> _map;
        private readonly object?[] _values;
        private readonly bool[] _present;

        internal Values(BsonDocumentMap<TDocument> map, object?[] values, bool[] present)
        {
            _map = map;
            _values = values;
            _present = present;
        }

        public TValue Get<TValue>(BsonField<TDocument, TValue> field)
        {
            var index = _map._byName[field.Name];
            if (_present[index])
            {
                return (TValue)_values[index]!;
            }

            var entry = (Entry<TValue>)_map._entries[index];
            return entry.HasDefault ? entry.Absent : throw BsonValues.Missing(_map.Collection, field.Name);
        }
    }

    private interface IEntry
    {
        bool ReadBack { get; }

        void Write(BsonSerializationContext context, TDocument document);

        object? Read(BsonDeserializationContext context);
    }

    private sealed record Entry<TValue>(BsonField<TDocument, TValue> Field, Func<TDocument, TValue> Value, bool ReadBack,
        bool HasDefault, TValue Absent) : IEntry
    {
        public void Write(BsonSerializationContext context, TDocument document) => Field.Write(context, Value(document));

        public object? Read(BsonDeserializationContext context) => Field.Read(context);
    }
}
