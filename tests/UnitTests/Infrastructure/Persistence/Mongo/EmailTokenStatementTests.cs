using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Mail;
using Latch.Domain.Users;
using Latch.Infrastructure.Persistence.Mongo;
using MongoDB.Bson;
using static Latch.UnitTests.Infrastructure.Persistence.Mongo.Samples;

namespace Latch.UnitTests.Infrastructure.Persistence.Mongo;

/// <summary>
/// The emailed-token document and its consume filter as the driver renders them: the hash as binary, the purpose and
/// credential version with the types the filter and the voiding check compare, and the expiry as a BSON date the TTL
/// index can read.
/// </summary>
public sealed class EmailTokenStatementTests
{
    private static EmailToken Reset(long credentialVersion = 2, string email = "ann@example.com") => new(
        Hash, EmailTokenPurpose.PasswordReset, email, UserGuid, credentialVersion, NewEmail: null, PasswordHash: null, DisplayName: null,
        T0.AddMinutes(30));

    private static EmailToken Verification() => new(
        Hash, EmailTokenPurpose.Verification, "new@example.com", UserId: null, 0, NewEmail: null, "$2a$10$pending", "Ann", T0.AddHours(24));

    [Fact]
    public void A_token_is_stored_by_its_hash_with_what_binds_it_and_a_BSON_date_expiry()
    {
        AssertBson(
            $$"""
            { _id: BinData(0, '{{Base64(Hash)}}'), purpose: 2, email: 'ann@example.com', userId: '{{UserGuid}}',
              credentialVersion: NumberLong(2), newEmail: null, passwordHash: null, displayName: null,
              expiresAt: ISODate('2026-03-01T10:00:00.123Z') }
            """,
            EmailTokenStatements.Document(Reset()));
    }

    [Fact]
    public void A_pending_registration_has_no_account_and_carries_its_password_hash_and_name()
    {
        var document = EmailTokenStatements.Document(Verification());

        Assert.Equal(BsonNull.Value, document["userId"]);
        Assert.Equal(new BsonInt64(0), document["credentialVersion"]);
        Assert.Equal("$2a$10$pending", document["passwordHash"].AsString);
        Assert.Equal("Ann", document["displayName"].AsString);
        Assert.DoesNotContain("token", document.Names);
    }

    [Fact]
    public void Consuming_matches_the_hash_the_purpose_and_only_an_unexpired_token()
    {
        AssertBson(
            $"{{ _id: BinData(0, '{Base64(Hash)}'), purpose: 2, expiresAt: {{ $gt: ISODate('2026-03-01T09:30:00.123Z') }} }}",
            Render(EmailTokenStatements.Consumable(Hash, EmailTokenPurpose.PasswordReset, T0)));
    }

    [Fact]
    public void Voiding_an_address_matches_every_token_stored_for_it_whatever_its_purpose_or_expiry()
    {
        AssertBson("{ email: 'ann@example.com' }", Render(EmailTokenStatements.ForAddress("ann@example.com")));
    }

    [Theory]
    [InlineData(EmailTokenPurpose.Verification)]
    [InlineData(EmailTokenPurpose.PasswordReset)]
    [InlineData(EmailTokenPurpose.EmailChange)]
    public void A_document_reads_back_as_the_token_it_was_written_from(EmailTokenPurpose purpose)
    {
        var token = purpose switch
        {
            EmailTokenPurpose.Verification => Verification(),
            EmailTokenPurpose.PasswordReset => Reset(),
            _ => Reset() with { Purpose = EmailTokenPurpose.EmailChange, NewEmail = "ann@new.example.com" },
        };

        var read = EmailTokenStatements.Read(EmailTokenStatements.Document(token));

        Assert.Equal(token.Hash, read.Hash);
        Assert.Equal(token with { Hash = read.Hash }, read);
    }

    [Fact]
    public void A_token_read_back_is_void_once_the_password_or_the_email_changed()
    {
        var read = EmailTokenStatements.Read(EmailTokenStatements.Document(Reset(credentialVersion: 2)));
        var user = User(); // credential version 2, ann@example.com
        Assert.True(EmailTokens.StillBinds(read, user));

        var passwordChanged = Latch.Domain.Users.User.Restore(user.Id, user.Email, user.DisplayName, user.PasswordHash, user.CreatedAt,
            user.UpdatedAt, user.Version, credentialVersion: 3);
        var emailChanged = Latch.Domain.Users.User.Restore(user.Id, Email.FromTrusted("ann@elsewhere.example.com"), user.DisplayName,
            user.PasswordHash, user.CreatedAt, user.UpdatedAt, user.Version, credentialVersion: 2);
        Assert.False(EmailTokens.StillBinds(read, passwordChanged));
        Assert.False(EmailTokens.StillBinds(read, emailChanged));
    }
}
