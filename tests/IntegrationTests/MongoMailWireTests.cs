using Latch.Application.Common.Interfaces;
using Latch.Infrastructure;
using Latch.Infrastructure.Persistence.Mongo;
using Latch.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MongoDB.Bson;
using MongoDB.Bson.IO;

namespace Latch.IntegrationTests;

/// <summary>
/// The mail collections' commands on the wire, against <see cref="FakeMongoServer"/>: an emailed token is consumed by
/// one <c>findAndModify</c> with <c>remove</c> (findOneAndDelete) whose filter refuses an expired token, and read back
/// with the fields that void it; a sent-mail claim is one insert the unique <c>_id</c> decides; and both collections'
/// TTL indexes are made by the start-up index task, not by the first request that writes to them.
/// </summary>
public sealed class MongoMailWireTests : MongoWireTest
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_772_357_400_123);
    private static readonly byte[] Hash = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly Guid UserId = Guid.Parse("0190a0b0-1111-7000-8000-000000000001");

    [Fact]
    public async Task The_start_up_index_task_creates_the_TTL_indexes_of_the_token_and_sent_mail_collections()
    {
        // As on Kestrel: the gate is open from the start.
        using var services = new ServiceCollection().AddSingleton(Store).BuildServiceProvider();
        var gate = new BackgroundStartGate(Microsoft.Extensions.Options.Options.Create(new ApiHostOptions()));
        var startup = new MongoIndexStartup(services, gate, NullLogger<MongoIndexStartup>.Instance);
        await startup.StartAsync(None);
        await startup.ExecuteTask!;

        var created = Server.Received("createIndexes").ToDictionary(c => c["createIndexes"].AsString);
        Assert.Equal(["email_tokens", "failedLogins", "sent_mail", "sessions", "users"], created.Keys.Order(StringComparer.Ordinal));
        AssertBson("[ { key: { expiresAt: 1 }, name: 'expiresAt_ttl', expireAfterSeconds: 0.0 }, { key: { email: 1 }, name: 'email' } ]",
            created["email_tokens"]["indexes"]);
        AssertBson("[ { key: { expiresAt: 1 }, name: 'expiresAt_ttl', expireAfterSeconds: 0.0 } ]", created["sent_mail"]["indexes"]);
    }

    [Fact]
    public async Task Adding_a_token_is_one_insert_of_its_hash_and_creates_no_index_on_the_request_path()
    {
        var token = new EmailToken(Hash, EmailTokenPurpose.PasswordReset, "ann@example.com", UserId, 3, null, null, null, Now.AddMinutes(30));

        await new MongoEmailTokenStore(Store).AddAsync(token, None);

        Assert.Empty(Server.Received("createIndexes"));
        var insert = Assert.Single(Server.Received("insert"));
        Assert.Equal("email_tokens", insert["insert"].AsString);
        AssertBson(EmailTokenStatements.Document(token), Assert.Single(insert["documents"].AsBsonArray));
    }

    [Fact]
    public async Task Consuming_is_one_findAndModify_with_remove_on_hash_purpose_and_expiry_and_reads_null_as_no_token()
    {
        var consumed = await new MongoEmailTokenStore(Store).TryConsumeAsync(Hash, EmailTokenPurpose.Verification, Now, None);

        Assert.Null(consumed);
        var command = Assert.Single(Server.Received("findAndModify"));
        Assert.Equal("email_tokens", command["findAndModify"].AsString);
        Assert.True(command["remove"].AsBoolean);
        Assert.False(command.Contains("update"));
        AssertBson(
            $"{{ _id: BinData(0, '{Convert.ToBase64String(Hash)}'), purpose: 1, expiresAt: {{ $gt: ISODate('2026-03-01T09:30:00.123Z') }} }}",
            command["query"]);
    }

    [Fact]
    public async Task A_consumed_token_is_read_back_with_the_account_version_and_email_that_void_it()
    {
        var issued = new EmailToken(Hash, EmailTokenPurpose.EmailChange, "ann@example.com", UserId, 7, "ann@new.example.com", null, null,
            Now.AddHours(1));
        Server.Answer = c => c.GetElement(0).Name == "findAndModify"
            ? new BsonDocument { { "lastErrorObject", new BsonDocument("n", 1) }, { "value", EmailTokenStatements.Document(issued) }, { "ok", 1 } }
            : null;

        var consumed = await new MongoEmailTokenStore(Store).TryConsumeAsync(Hash, EmailTokenPurpose.EmailChange, Now, None);

        Assert.NotNull(consumed);
        Assert.Equal(Hash, consumed.Hash);
        Assert.Equal(issued with { Hash = consumed.Hash }, consumed);
    }

    [Fact]
    public async Task Voiding_an_address_is_one_delete_of_every_token_issued_for_it_on_the_email_index()
    {
        await new MongoEmailTokenStore(Store).RemoveForAddressAsync("ann@example.com", None);

        Assert.Empty(Server.Received("createIndexes"));
        var command = Assert.Single(Server.Received("delete"));
        Assert.Equal("email_tokens", command["delete"].AsString);
        var delete = Assert.Single(command["deletes"].AsBsonArray).AsBsonDocument;
        AssertBson("{ email: 'ann@example.com' }", delete["q"]);
        Assert.Equal(0, delete["limit"].ToInt32()); // every match, not the first
    }

    [Fact]
    public async Task A_sent_mail_claim_is_one_insert_and_a_duplicate_key_means_already_claimed()
    {
        var log = new MongoSentMailLog(Store);
        Assert.True(await log.TryClaimAsync("0190a0b0-0000-7000-8000-000000000009.verify", Now.AddDays(4), None));

        Server.Answer = c => c.GetElement(0).Name == "insert"
            ? BsonDocument.Parse("{ n: 0, writeErrors: [ { index: 0, code: 11000, errmsg: 'E11000 duplicate key error' } ], ok: 1 }")
            : null;
        Assert.False(await log.TryClaimAsync("0190a0b0-0000-7000-8000-000000000009.verify", Now.AddDays(4), None));
        await log.ReleaseAsync("0190a0b0-0000-7000-8000-000000000009.verify", None);

        Assert.Empty(Server.Received("createIndexes"));
        var inserts = Server.Received("insert");
        Assert.Equal(["sent_mail", "sent_mail"], inserts.Select(i => i["insert"].AsString));
        AssertBson("{ _id: '0190a0b0-0000-7000-8000-000000000009.verify', expiresAt: ISODate('2026-03-05T09:30:00.123Z') }",
            inserts[0]["documents"][0]);
        var delete = Assert.Single(Server.Received("delete"));
        Assert.Equal("sent_mail", delete["delete"].AsString);
        AssertBson("{ _id: '0190a0b0-0000-7000-8000-000000000009.verify' }", delete["deletes"][0]["q"]);
    }

    private static void AssertBson(string expectedShell, BsonValue actual) =>
        AssertBson(BsonDocument.Parse($"{{ v: {expectedShell} }}")["v"], actual);

    private static void AssertBson(BsonValue expected, BsonValue actual)
    {
        var canonical = new JsonWriterSettings { OutputMode = JsonOutputMode.CanonicalExtendedJson };
        Assert.Equal(expected.ToJson(canonical), actual.ToJson(canonical));
    }
}
