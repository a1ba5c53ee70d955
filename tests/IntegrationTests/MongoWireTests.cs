using Latch.Application.Common.Interfaces;
using Latch.Domain.Lockout;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Latch.Infrastructure.Persistence.Mongo;
using Latch.IntegrationTests.Support;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Driver;

namespace Latch.IntegrationTests;

/// <summary>
/// The commands the real driver puts on the wire for the adapter's calls, and how the adapter reads the answers,
/// against <see cref="FakeMongoServer"/>. This checks the whole driver path (options, registry, results) with no
/// MongoDB at hand; what a real server does with the commands is the store contract's job.
/// </summary>
public sealed class MongoWireTests : MongoWireTest
{
    [Fact]
    public async Task Registration_creates_every_index_once_then_inserts_and_reads_a_duplicate_key_as_taken()
    {
        var users = new MongoUserRepository(Store);
        Assert.True(await users.TryAddAsync(NewUser(), None));

        var created = Server.Received("createIndexes");
        Assert.Equal(["users", "sessions", "failedLogins", "email_tokens", "sent_mail"], created.Select(c => c["createIndexes"].AsString));
        AssertBson("[ { key: { email: 1 }, name: 'email_unique', unique: true } ]", created[0]["indexes"]);
        AssertBson(
            """
            [ { key: { secretHash: 1 }, name: 'secretHash_unique', unique: true },
              { key: { userId: 1, createdAt: -1, _id: -1 }, name: 'userId_createdAt' },
              { key: { expiresAt: 1 }, name: 'expiresAt_ttl', expireAfterSeconds: 0.0 },
              { key: { revokedAt: 1 }, name: 'revokedAt_ttl', expireAfterSeconds: 86400.0,
                partialFilterExpression: { revokedAt: { $type: 9 } } } ]
            """,
            created[1]["indexes"]);
        AssertBson("[ { key: { expiresAt: 1 }, name: 'expiresAt_ttl', expireAfterSeconds: 0.0 } ]", created[2]["indexes"]);

        var second = NewUser();
        Server.Answer = c => c.GetElement(0).Name == "insert"
            ? BsonDocument.Parse("{ n: 0, writeErrors: [ { index: 0, code: 11000, errmsg: 'E11000 duplicate key error' } ], ok: 1 }")
            : null;
        Assert.False(await users.TryAddAsync(second, None));

        Assert.Equal(5, Server.Received("createIndexes").Count);
        var inserts = Server.Received("insert");
        Assert.Equal(2, inserts.Count);
        Assert.Equal("users", inserts[1]["insert"].AsString);
        var inserted = Assert.Single(inserts[1]["documents"].AsBsonArray).AsBsonDocument;
        Assert.Equal(new BsonBinaryData(second.Id.Value, GuidRepresentation.Standard), inserted["_id"]);
        Assert.Equal(second.Email.Value, inserted["email"].AsString);
    }

    [Fact]
    public async Task Rotation_is_one_findAndModify_that_returns_only_the_id_and_reads_null_as_a_lost_race()
    {
        var sessions = new MongoSessionRepository(Store);
        var session = NewSession();
        var previousHash = session.SecretHash;
        session.Rotate([.. Enumerable.Repeat((byte)7, 32)], [1, 2, 3], session.CreatedAt.AddMinutes(1), SessionPolicy.Default);

        Assert.False(await sessions.TryRotateAsync(session, 0, previousHash, None));

        var command = Assert.Single(Server.Received("findAndModify"));
        Assert.Equal("sessions", command["findAndModify"].AsString);
        AssertBson(Render(SessionStatements.Rotation(session.Id, 0, previousHash)), command["query"]);
        AssertBson(Render(SessionStatements.Rotate(session)), command["update"]);
        AssertBson("{ _id: 1 }", command["fields"]);
        Assert.False(command.GetValue("new", false).AsBoolean);
        Assert.False(command.GetValue("upsert", false).AsBoolean);

        Server.Answer = c => c.GetElement(0).Name == "findAndModify"
            ? new BsonDocument { { "lastErrorObject", new BsonDocument("n", 1) }, { "value", new BsonDocument("_id", new BsonBinaryData(session.Id.Value, GuidRepresentation.Standard)) }, { "ok", 1 } }
            : null;
        Assert.True(await sessions.TryRotateAsync(session, 0, previousHash, None));
    }

    [Fact]
    public async Task Listing_sends_the_active_filter_newest_first_and_reads_the_sessions_back()
    {
        var stored = NewSession();
        Server.Answer = c => c.GetElement(0).Name == "find"
            ? new BsonDocument
            {
                { "cursor", new BsonDocument { { "firstBatch", new BsonArray { Serialize(stored) } }, { "id", 0L }, { "ns", "latch_wire.sessions" } } },
                { "ok", 1 },
            }
            : null;
        var now = stored.CreatedAt.AddMinutes(5);

        var listed = await new MongoSessionRepository(Store).ListActiveForUserAsync(stored.UserId, now, None);

        var find = Assert.Single(Server.Received("find"));
        AssertBson(Render(SessionStatements.ListedForUser(stored.UserId, now)), find["filter"]);
        AssertBson("{ createdAt: -1, _id: -1 }", find["sort"]);
        var session = Assert.Single(listed);
        Assert.Equal(stored.Id, session.Id);
        Assert.Equal(stored.SecretHash, session.SecretHash);
    }

    [Fact]
    public async Task An_attempt_is_reserved_by_one_upserting_pipeline_findAndModify_that_returns_its_decision()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var granted = true;
        Server.Answer = ReservationAnswer(now, TimeSpan.FromMinutes(15), () => granted);
        var tracker = new MongoFailedLoginTracker(Store, new byte[32]);
        var key = AttemptKey.ForEmail(Email.Create("ann@example.com").Value);

        var reserved = await tracker.ReserveAsync(key, now, LockoutPolicy.Default, None);
        granted = false;
        var refused = await tracker.ReserveAsync(key, now, LockoutPolicy.Default, None);

        Assert.True(reserved.Granted);
        Assert.Equal(3, reserved.State.Count);
        Assert.Equal(now, reserved.State.LastFailureAt);
        Assert.False(refused.Granted);
        var command = Server.Received("findAndModify")[0];
        Assert.Equal("failedLogins", command["findAndModify"].AsString);
        Assert.Equal(BsonType.Binary, command["query"]["_id"].BsonType);
        Assert.Equal(32, command["query"]["_id"].AsByteArray.Length);
        AssertBson(Render(FailedLoginStatements.Reserve(now, LockoutPolicy.Default)), command["update"]);
        Assert.True(command["upsert"].AsBoolean);
        Assert.True(command["new"].AsBoolean);
    }

    [Fact]
    public async Task A_capped_reservation_is_one_upserting_pipeline_findAndModify_that_returns_its_decision()
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var granted = true;
        Server.Answer = ReservationAnswer(now, TimeSpan.FromMinutes(7), () => granted);
        var tracker = new MongoFailedLoginTracker(Store, new byte[32]);
        var key = AttemptKey.ForMfaChallenge(Guid.NewGuid());

        var reserved = await tracker.ReserveUpToAsync(key, 3, now, TimeSpan.FromMinutes(7), None);
        granted = false;
        var refused = await tracker.ReserveUpToAsync(key, 3, now, TimeSpan.FromMinutes(7), None);

        Assert.True(reserved.Granted);
        Assert.Equal(3, reserved.State.Count);
        Assert.False(refused.Granted);
        var command = Server.Received("findAndModify")[0];
        Assert.Equal("failedLogins", command["findAndModify"].AsString);
        Assert.Equal(32, command["query"]["_id"].AsByteArray.Length);
        AssertBson(Render(FailedLoginStatements.ReserveUpTo(3, now, TimeSpan.FromMinutes(7))), command["update"]);
        Assert.True(command["upsert"].AsBoolean);
        Assert.True(command["new"].AsBoolean);
    }

    [Fact]
    public async Task A_reservation_is_given_back_by_one_conditional_decrement()
    {
        await new MongoFailedLoginTracker(Store, new byte[32]).ReleaseAsync(AttemptKey.ForDevice(Guid.NewGuid()), None);

        var update = Assert.Single(Server.Received("update"));
        Assert.Equal("failedLogins", update["update"].AsString);
        var statement = update["updates"][0].AsBsonDocument;
        Assert.Equal(new BsonDocument("$gt", 0), statement["q"]["failures"]);
        Assert.Equal(BsonDocument.Parse("{ $inc: { failures: -1 } }"), statement["u"]);
    }

    [Theory]
    [InlineData("gone")]
    [InlineData("changed")]
    [InlineData("current")]
    public async Task A_session_is_inserted_then_undone_unless_its_user_is_still_at_its_credential_version(string user)
    {
        var session = NewSession();
        var stored = User.Restore(session.UserId, Email.FromTrusted("ann@example.com"), DisplayName.FromTrusted("Ann"), "hash",
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, version: 4, credentialVersion: user == "changed" ? 2 : 1);
        Server.Answer = c => c.GetElement(0) is { Name: "find", Value.AsString: "users" }
            ? new BsonDocument
            {
                {
                    "cursor", new BsonDocument
                    {
                        { "firstBatch", user == "gone" ? new BsonArray() : new BsonArray { stored.ToBsonDocument() } },
                        { "id", 0L }, { "ns", "latch_wire.users" },
                    }
                },
                { "ok", 1 },
            }
            : null;

        var started = await new MongoSessionRepository(Store).TryStartAsync(session, None);

        Assert.Equal(user == "current", started);
        var insert = Assert.Single(Server.Received("insert"));
        Assert.Equal("sessions", insert["insert"].AsString);
        Assert.Equal(1L, insert["documents"][0]["credentialVersion"].AsInt64);
        var find = Assert.Single(Server.Received("find"));
        Assert.Equal("users", find["find"].AsString);
        AssertBson(UserStatements.ById(session.UserId).Render(Args<User>()), find["filter"]);
        var deletes = Server.Received("delete");
        if (started)
        {
            Assert.Empty(deletes);
        }
        else
        {
            var undo = Assert.Single(deletes);
            Assert.Equal("sessions", undo["delete"].AsString);
            Assert.Equal(new BsonBinaryData(session.Id.Value, GuidRepresentation.Standard), undo["deletes"][0]["q"]["_id"]);
        }
    }

    [Fact]
    public async Task A_server_timeout_is_an_outage_and_a_rejected_command_is_a_bug()
    {
        var users = new MongoUserRepository(Store);
        Server.Answer = _ => BsonDocument.Parse("{ ok: 0, code: 50, codeName: 'MaxTimeMSExpired', errmsg: 'operation exceeded time limit' }");
        await Assert.ThrowsAsync<StoreUnavailableException>(() => users.FindByIdAsync(UserId.New(), None));

        Server.Answer = _ => BsonDocument.Parse("{ ok: 0, code: 2, codeName: 'BadValue', errmsg: 'bad value' }");
        await Assert.ThrowsAsync<MongoCommandException>(() => users.FindByIdAsync(UserId.New(), None));
    }

    [Fact]
    public async Task Deleting_an_account_removes_sessions_then_the_user_then_sessions_again()
    {
        await new MongoUserRepository(Store).DeleteAsync(new UserId(Guid.CreateVersion7()), None);
        Assert.Equal(["sessions", "users", "sessions"], Server.Received("delete").Select(c => c["delete"].AsString));
    }

    private static User NewUser() =>
        User.Register(Email.Create($"wire-{Guid.NewGuid():N}@example.com").Value, DisplayName.FromTrusted("Wire"), "hash", DateTimeOffset.UtcNow);

    private static Session NewSession() => Session.Start(SessionId.New(), UserId.New(), 1, [.. Enumerable.Repeat((byte)1, 32)],
        DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), SessionPolicy.Default, "agent", "192.0.2.1");

    private static BsonDocument Serialize(Session session) => session.ToBsonDocument();

    private static BsonDocument Render(FilterDefinition<Session> filter) => filter.Render(Args<Session>());

    private static BsonValue Render(UpdateDefinition<Session> update) => update.Render(Args<Session>());

    private static BsonValue Render(UpdateDefinition<BsonDocument> update) => update.Render(Args<BsonDocument>());

    private static RenderArgs<T> Args<T>() =>
        new(MongoDB.Bson.Serialization.BsonSerializer.SerializerRegistry.GetSerializer<T>(), MongoDB.Bson.Serialization.BsonSerializer.SerializerRegistry);

    private static void AssertBson(string expectedShell, BsonValue actual) =>
        AssertBson(BsonDocument.Parse($"{{ v: {expectedShell} }}")["v"], actual);

    private static void AssertBson(BsonValue expected, BsonValue actual)
    {
        var canonical = new JsonWriterSettings { OutputMode = JsonOutputMode.CanonicalExtendedJson };
        Assert.Equal(expected.ToJson(canonical), actual.ToJson(canonical));
    }

    /// <summary>The store's answer to a reservation's findAndModify: three failures counted, and its decision.</summary>
    private static Func<BsonDocument, BsonDocument?> ReservationAnswer(DateTimeOffset now, TimeSpan expiresAfter, Func<bool> granted) =>
        c => c.GetElement(0).Name == "findAndModify"
            ? new BsonDocument
            {
                {
                    "value", new BsonDocument
                    {
                        { "_id", new BsonBinaryData(new byte[32]) }, { "failures", 3 }, { "lastFailureAt", now.UtcDateTime },
                        { "expiresAt", (now + expiresAfter).UtcDateTime }, { "granted", granted() },
                    }
                },
                { "ok", 1 },
            }
            : null;
}
