using Latch.Domain.Lockout;
using Latch.Infrastructure.Persistence.Mongo;
using MongoDB.Bson;
using static Latch.UnitTests.Infrastructure.Persistence.Mongo.Samples;

namespace Latch.UnitTests.Infrastructure.Persistence.Mongo;

public sealed class IndexModelTests
{
    [Fact]
    public void Users_have_a_unique_index_on_the_normalised_email()
    {
        var index = Assert.Single(MongoIndexes.Users);
        AssertBson("{ email: 1 }", Render(index.Keys));
        Assert.Equal("email_unique", index.Options.Name);
        Assert.True(index.Options.Unique);
        Assert.Null(index.Options.ExpireAfter);
    }

    [Fact]
    public void Sessions_have_a_unique_current_hash_a_user_index_and_two_TTLs()
    {
        var byName = MongoIndexes.Sessions.ToDictionary(i => i.Options.Name);
        Assert.Equal(["expiresAt_ttl", "revokedAt_ttl", "secretHash_unique", "userId_createdAt"], byName.Keys.Order());

        var hash = byName["secretHash_unique"];
        AssertBson("{ secretHash: 1 }", Render(hash.Keys));
        Assert.True(hash.Options.Unique);

        var user = byName["userId_createdAt"];
        AssertBson("{ userId: 1, createdAt: -1, _id: -1 }", Render(user.Keys));
        Assert.NotEqual(true, user.Options.Unique);
        Assert.Null(user.Options.ExpireAfter);

        var expired = byName["expiresAt_ttl"];
        AssertBson("{ expiresAt: 1 }", Render(expired.Keys));
        Assert.Equal(TimeSpan.Zero, expired.Options.ExpireAfter);
        Assert.NotEqual(true, expired.Options.Unique);

        var revoked = byName["revokedAt_ttl"];
        AssertBson("{ revokedAt: 1 }", Render(revoked.Keys));
        Assert.Equal(TimeSpan.FromDays(1), revoked.Options.ExpireAfter);
        AssertBson("{ revokedAt: { $type: 9 } }", Render(revoked.Options.PartialFilterExpression));
    }

    [Fact]
    public void Failed_login_counts_expire_by_TTL()
    {
        var index = Assert.Single(MongoIndexes.FailedLogins);
        AssertBson("{ expiresAt: 1 }", Render(index.Keys));
        Assert.Equal("expiresAt_ttl", index.Options.Name);
        Assert.Equal(TimeSpan.Zero, index.Options.ExpireAfter);
    }

    [Fact]
    public void Emailed_tokens_and_sent_mail_claims_expire_by_TTL()
    {
        foreach (var indexes in new[] { MongoIndexes.EmailTokens, MongoIndexes.SentMail })
        {
            var index = Assert.Single(indexes, i => i.Options.ExpireAfter is not null);
            AssertBson("{ expiresAt: 1 }", Render(index.Keys));
            Assert.Equal("expiresAt_ttl", index.Options.Name);
            Assert.Equal(TimeSpan.Zero, index.Options.ExpireAfter);
        }
    }

    [Fact]
    public void Every_TTL_index_is_on_a_field_the_serializers_write_as_a_BSON_date()
    {
        var session = ToBson(RotatedRevokedSession());
        Assert.IsType<BsonDateTime>(session["expiresAt"]);
        Assert.IsType<BsonDateTime>(session["revokedAt"]);
        var counting = Render(FailedLoginStatements.Reserve(T0, LockoutPolicy.Default)).AsBsonArray[1]["$set"];
        Assert.IsType<BsonDateTime>(counting["expiresAt"]["$cond"]["then"]);
    }
}
