using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// One field of a stored document: its BSON name and the one serializer its values use. The document
/// serializers, the filters, the updates and the index keys all go through these, so a field can never be
/// written one way and queried another — and nothing is resolved by reflection.
/// </summary>
internal sealed class BsonField<TDocument, TValue>(string name, IBsonSerializer<TValue> serializer)
    : FieldDefinition<TDocument, TValue>
{
    public string Name { get; } = name;

    public IBsonSerializer<TValue> Serializer { get; } = serializer;

    public override RenderedFieldDefinition<TValue> Render(RenderArgs<TDocument> args) => new(Name, Serializer, Serializer, Serializer);

    public void Write(BsonSerializationContext context, TValue value)
    {
        context.Writer.WriteName(Name);
        Serializer.Serialize(context, value);
    }

    public TValue Read(BsonDeserializationContext context) => Serializer.Deserialize(context);

    public override string ToString() => Name;
}
