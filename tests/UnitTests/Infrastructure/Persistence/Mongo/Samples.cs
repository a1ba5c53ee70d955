using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Latch.Infrastructure.Persistence.Mongo;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace Latch.UnitTests.Infrastructure.Persistence.Mongo;

/// <summary>Fixed domain values, and rendering through the driver's own serializer registry.</summary>
internal static class Samples
{
    public static readonly Guid UserGuid = Guid.Parse("0190a0b0-1111-7000-8000-000000000001");
    public static readonly Guid SessionGuid = Guid.Parse("0190a0b0-2222-7000-8000-000000000002");
    public static readonly Guid OtherSessionGuid = Guid.Parse("0190a0b0-3333-7000-8000-000000000003");

    // Millisecond instants: BSON dates hold milliseconds, as the SQLite store does.
    public static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-03-01T09:30:00.123Z", System.Globalization.CultureInfo.InvariantCulture);

    public static readonly byte[] Hash = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    public static readonly byte[] NextHash = [.. Enumerable.Range(101, 32).Select(i => (byte)i)];
    public static readonly byte[] Sealed = [9, 8, 7, 6, 5];

    static Samples() => MongoSerialization.Register();

    public static User User(long version = 3) => Latch.Domain.Users.User.Restore(
        new UserId(UserGuid), Email.FromTrusted("ann@example.com"), DisplayName.FromTrusted("Ann"),
        "$2a$10$abcdefghijklmnopqrstuuK3lWm2Qyq0G3tPpIi0lCq6H2bYp7uW", T0, T0.AddMinutes(5), version,
        credentialVersion: 2);

    /// <summary>Every optional field set.</summary>
    public static Session RotatedRevokedSession() => Session.Restore(
        new SessionId(SessionGuid), new UserId(UserGuid), generation: 7, Hash, Sealed, rotatedAt: T0.AddHours(2),
        createdAt: T0, lastUsedAt: T0.AddHours(2), idleExpiresAt: T0.AddDays(14).AddHours(2), absoluteExpiresAt: T0.AddDays(30),
        revokedAt: T0.AddHours(3), RevocationReason.RefreshTokenReuse, "Mozilla/5.0 (X11)", "203.0.113.9", credentialVersion: 2,
        AuthenticationMethods.Password | AuthenticationMethods.OneTimePassword, authenticatedAt: T0, secondFactorAt: T0.AddHours(1));

    /// <summary>Every optional field null.</summary>
    public static Session FreshSession() => Session.Start(
        new SessionId(SessionGuid), new UserId(UserGuid), credentialVersion: 1, Hash, T0, SessionPolicy.Default, userAgent: null, ipAddress: null);

    public static BsonDocument ToBson<T>(T value)
    {
        var document = new BsonDocument();
        using (var writer = new MongoDB.Bson.IO.BsonDocumentWriter(document))
        {
            BsonSerializer.LookupSerializer<T>().Serialize(BsonSerializationContext.CreateRoot(writer), value);
        }

        return document;
    }

    public static T FromBson<T>(BsonDocument document) => BsonSerializer.Deserialize<T>(document);

    public static BsonDocument Render<T>(FilterDefinition<T> filter) => filter.Render(Args<T>());

    public static BsonValue Render<T>(UpdateDefinition<T> update) => update.Render(Args<T>());

    public static BsonDocument Render<T>(SortDefinition<T> sort) => sort.Render(Args<T>());

    public static BsonDocument Render<T>(IndexKeysDefinition<T> keys) => keys.Render(Args<T>());

    public static BsonDocument Render<T, TProjection>(ProjectionDefinition<T, TProjection> projection) =>
        projection.Render(Args<T>()).Document;

    /// <summary>Shell syntax (UUID(...), NumberLong(...), ISODate(...), BinData(...)) into BSON.</summary>
    public static BsonDocument Bson(string shell) => BsonDocument.Parse(shell);

    /// <summary>
    /// Equal as BSON, types and field order included. (BsonValue equality alone says Int32 3 equals Int64 3;
    /// canonical Extended JSON does not.)
    /// </summary>
    public static void AssertBson(BsonValue expected, BsonValue actual) =>
        Assert.Equal(Canonical(expected), Canonical(actual));

    public static void AssertBson(string expectedShell, BsonValue actual) => AssertBson(Bson(expectedShell), actual);

    private static string Canonical(BsonValue value) =>
        value.ToJson(new MongoDB.Bson.IO.JsonWriterSettings { OutputMode = MongoDB.Bson.IO.JsonOutputMode.CanonicalExtendedJson });

    public static string Base64(byte[] bytes) => Convert.ToBase64String(bytes);

    private static RenderArgs<T> Args<T>() =>
        new(BsonSerializer.SerializerRegistry.GetSerializer<T>(), BsonSerializer.SerializerRegistry);
}
