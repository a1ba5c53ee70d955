using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Latch.Infrastructure.Persistence.Mongo;
using Latch.IntegrationTests.Support;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Driver;

namespace Latch.IntegrationTests;

/// <summary>
/// A second factor proved on a session, on the wire: one conditional update of the session's methods and proof time,
/// and the fields read back, against <see cref="FakeMongoServer"/>.
/// </summary>
public sealed class MongoWireStepUpTests : MongoWireTest
{
    [Fact]
    public async Task A_proof_is_one_update_of_the_active_session_and_a_matched_document_is_success()
    {
        var sessions = new MongoSessionRepository(Store);
        var session = NewSession();
        session.RecordSecondFactor(session.CreatedAt.AddMinutes(3));

        // No document matched (the default answer): the session was ended, nothing is proved.
        Assert.False(await sessions.TryRecordSecondFactorAsync(session, None));
        var update = Assert.Single(Server.Received("update"));
        Assert.Equal("sessions", update["update"].AsString);
        var statement = Assert.Single(update["updates"].AsBsonArray).AsBsonDocument;
        AssertBson(SessionStatements.Active(session.Id).Render(Args()), statement["q"]);
        AssertBson(
            $"{{ $set: {{ amr: 'pwd otp', secondFactorAt: ISODate('{session.SecondFactorAt!.Value.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}') }} }}",
            statement["u"]);
        Assert.False(statement.GetValue("upsert", false).AsBoolean);

        // Matched but unchanged (the same proof written twice in one millisecond) is still a stored proof.
        Server.Answer = c => c.GetElement(0).Name == "update"
            ? new BsonDocument { { "n", 1 }, { "nModified", 0 }, { "ok", 1.0 } }
            : null;
        Assert.True(await sessions.TryRecordSecondFactorAsync(session, None));
    }

    [Fact]
    public async Task A_session_with_a_proof_reads_back_its_methods_and_times()
    {
        var stored = NewSession();
        stored.RecordSecondFactor(stored.CreatedAt.AddMinutes(1));
        Server.Answer = c => c.GetElement(0).Name == "find"
            ? new BsonDocument
            {
                { "cursor", new BsonDocument { { "firstBatch", new BsonArray { stored.ToBsonDocument() } }, { "id", 0L }, { "ns", "latch_wire.sessions" } } },
                { "ok", 1 },
            }
            : null;

        var read = await new MongoSessionRepository(Store).FindByIdAsync(stored.Id, None);

        Assert.NotNull(read);
        Assert.Equal(AuthenticationMethods.Password | AuthenticationMethods.OneTimePassword, read.Methods);
        Assert.Equal(stored.CreatedAt, read.AuthenticatedAt);
        Assert.Equal(stored.SecondFactorAt, read.SecondFactorAt);
    }

    private static Session NewSession() => Session.Start(SessionId.New(), UserId.New(), 1, [.. Enumerable.Repeat((byte)1, 32)],
        DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), SessionPolicy.Default, "agent", "192.0.2.1");

    private static RenderArgs<Session> Args() =>
        new(MongoDB.Bson.Serialization.BsonSerializer.SerializerRegistry.GetSerializer<Session>(), MongoDB.Bson.Serialization.BsonSerializer.SerializerRegistry);

    private static void AssertBson(string expectedShell, BsonValue actual) =>
        AssertBson(BsonDocument.Parse($"{{ v: {expectedShell} }}")["v"], actual);

    private static void AssertBson(BsonValue expected, BsonValue actual)
    {
        var canonical = new JsonWriterSettings { OutputMode = JsonOutputMode.CanonicalExtendedJson };
        Assert.Equal(expected.ToJson(canonical), actual.ToJson(canonical));
    }
}
