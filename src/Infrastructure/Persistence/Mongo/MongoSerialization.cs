using MongoDB.Bson.Serialization;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>
/// Puts the hand-written document serializers into the driver's serializer registry, which is where a
/// collection finds its document serializer. No class map is ever built by reflection (AutoMap), which keeps
/// the mapping explicit and friendly to trimming and Native AOT.
/// </summary>
internal static class MongoSerialization
{
    public static void Register()
    {
        Register(new UserSerializer());
        Register(new SessionSerializer());
    }

    private static void Register<T>(IBsonSerializer<T> serializer)
    {
        BsonSerializer.TryRegisterSerializer(serializer);

        // Registration is process-wide and first-wins: make sure nothing got there first with a class map.
        if (BsonSerializer.LookupSerializer<T>().GetType() != serializer.GetType())
        {
            throw new InvalidOperationException($"Another BSON serializer is registered for {typeof(T).Name}.");
        }
    }
}
