using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Latch.Infrastructure.Persistence.Mongo;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using static Latch.UnitTests.Infrastructure.Persistence.Mongo.Samples;

namespace Latch.UnitTests.Infrastructure.Persistence.Mongo;

public sealed class DocumentMappingTests
{
    [Fact]
    public void The_registry_holds_the_hand_written_serializers_not_class_maps()
    {
        MongoSerialization.Register();
        MongoSerialization.Register();
        Assert.IsType<UserSerializer>(BsonSerializer.LookupSerializer<User>());
        Assert.IsType<SessionSerializer>(BsonSerializer.LookupSerializer<Session>());
        Assert.False(BsonClassMap.IsClassMapRegistered(typeof(User)));
        Assert.False(BsonClassMap.IsClassMapRegistered(typeof(Session)));
    }

    [Fact]
    public void A_user_is_stored_with_every_field_under_its_name_and_BSON_type()
    {
        var user = User();
        AssertBson(
            $$"""
            { _id: UUID('{{UserGuid}}'), email: 'ann@example.com', displayName: 'Ann', passwordHash: '{{user.PasswordHash}}',
              createdAt: ISODate('2026-03-01T09:30:00.123Z'), updatedAt: ISODate('2026-03-01T09:35:00.123Z'), version: NumberLong(3),
              credentialVersion: NumberLong(2), totpSecret: null, totpConfirmedAt: null, totpLastStep: NumberLong(0),
              recoveryCodes: null }
            """,
            ToBson(user));
    }

    [Fact]
    public void A_users_second_factor_is_stored_flat_and_round_trips()
    {
        var user = User();
        user.BeginTotp([1, 2, 3], T0);
        user.ConfirmTotp(step: 59_000_000, ["aa11", "bb22"], T0.AddMinutes(1));
        var bson = ToBson(user);
        Assert.Equal(new BsonBinaryData([1, 2, 3]), bson["totpSecret"]);
        Assert.Equal(new BsonInt64(59_000_000), bson["totpLastStep"]);
        Assert.Equal(new BsonString("aa11 bb22"), bson["recoveryCodes"]);

        var factor = FromBson<User>(bson).Totp;
        Assert.NotNull(factor);
        Assert.Equal([1, 2, 3], factor.SealedSecret);
        Assert.Equal(T0.AddMinutes(1), factor.ConfirmedAt);
        Assert.Equal(59_000_000, factor.LastAcceptedStep);
        Assert.Equal(["aa11", "bb22"], factor.RecoveryCodeHashes);
    }

    [Fact]
    public void A_user_round_trips_every_field()
    {
        var user = User();
        var back = FromBson<User>(ToBson(user));
        Assert.Equal(user.Id, back.Id);
        Assert.Equal(user.Email, back.Email);
        Assert.Equal(user.DisplayName, back.DisplayName);
        Assert.Equal(user.PasswordHash, back.PasswordHash);
        Assert.Equal(user.CreatedAt, back.CreatedAt);
        Assert.Equal(user.UpdatedAt, back.UpdatedAt);
        Assert.Equal(user.Version, back.Version);
        Assert.Equal(user.CredentialVersion, back.CredentialVersion);
        Assert.Equal(TimeSpan.Zero, back.CreatedAt.Offset);
    }

    [Fact]
    public void A_session_is_stored_with_every_field_and_the_TTL_expiry_under_its_name_and_BSON_type()
    {
        var session = RotatedRevokedSession();
        AssertBson(
            $$"""
            { _id: UUID('{{SessionGuid}}'), userId: UUID('{{UserGuid}}'), generation: NumberLong(7),
              secretHash: BinData(0, '{{Base64(Hash)}}'), sealedSuccessor: BinData(0, '{{Base64(Sealed)}}'),
              rotatedAt: ISODate('2026-03-01T11:30:00.123Z'), createdAt: ISODate('2026-03-01T09:30:00.123Z'),
              lastUsedAt: ISODate('2026-03-01T11:30:00.123Z'), idleExpiresAt: ISODate('2026-03-15T11:30:00.123Z'),
              absoluteExpiresAt: ISODate('2026-03-31T09:30:00.123Z'), expiresAt: ISODate('2026-03-15T11:30:00.123Z'),
              revokedAt: ISODate('2026-03-01T12:30:00.123Z'), revocationReason: 6,
              userAgent: 'Mozilla/5.0 (X11)', ipAddress: '203.0.113.9', credentialVersion: NumberLong(2),
              amr: 'pwd otp', authTime: ISODate('2026-03-01T09:30:00.123Z'), secondFactorAt: ISODate('2026-03-01T10:30:00.123Z') }
            """,
            ToBson(session));
    }

    [Fact]
    public void A_fresh_session_stores_its_optional_fields_as_nulls()
    {
        var document = ToBson(FreshSession());
        foreach (var name in new[] { "sealedSuccessor", "rotatedAt", "revokedAt", "revocationReason", "userAgent", "ipAddress" })
        {
            Assert.Equal(BsonNull.Value, document[name]);
        }

        Assert.Equal(0L, document["generation"].AsInt64);
        Assert.Equal(document["idleExpiresAt"], document["expiresAt"]);
    }

    [Fact]
    public void The_TTL_expiry_is_the_absolute_one_when_that_comes_first()
    {
        var session = Session.Restore(new SessionId(SessionGuid), new UserId(UserGuid), 1, Hash, null, null, T0, T0,
            idleExpiresAt: T0.AddDays(14), absoluteExpiresAt: T0.AddDays(10), null, null, null, null, credentialVersion: 1,
            AuthenticationMethods.Password, T0, secondFactorAt: null);
        Assert.Equal(new BsonDateTime(T0.AddDays(10).UtcDateTime), ToBson(session)["expiresAt"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_session_round_trips_every_field(bool everyOptionalFieldSet)
    {
        var session = everyOptionalFieldSet ? RotatedRevokedSession() : FreshSession();
        var back = FromBson<Session>(ToBson(session));
        Assert.Equal(session.Id, back.Id);
        Assert.Equal(session.UserId, back.UserId);
        Assert.Equal(session.Generation, back.Generation);
        Assert.Equal(session.SecretHash, back.SecretHash);
        Assert.Equal(session.SealedSuccessor, back.SealedSuccessor);
        Assert.Equal(session.RotatedAt, back.RotatedAt);
        Assert.Equal(session.CreatedAt, back.CreatedAt);
        Assert.Equal(session.LastUsedAt, back.LastUsedAt);
        Assert.Equal(session.IdleExpiresAt, back.IdleExpiresAt);
        Assert.Equal(session.AbsoluteExpiresAt, back.AbsoluteExpiresAt);
        Assert.Equal(session.ExpiresAt, back.ExpiresAt);
        Assert.Equal(session.RevokedAt, back.RevokedAt);
        Assert.Equal(session.RevocationReason, back.RevocationReason);
        Assert.Equal(session.UserAgent, back.UserAgent);
        Assert.Equal(session.IpAddress, back.IpAddress);
        Assert.Equal(session.CredentialVersion, back.CredentialVersion);
        Assert.Equal(session.Methods, back.Methods);
        Assert.Equal(session.AuthenticatedAt, back.AuthenticatedAt);
        Assert.Equal(session.SecondFactorAt, back.SecondFactorAt);
    }

    [Fact]
    public void A_fresh_session_is_a_password_sign_in_at_its_creation_with_no_second_factor()
    {
        var document = ToBson(FreshSession());
        Assert.Equal(new BsonString("pwd"), document["amr"]);
        Assert.Equal(document["createdAt"], document["authTime"]);
        Assert.Equal(BsonNull.Value, document["secondFactorAt"]);
    }

    [Fact]
    public void Documents_written_before_sign_ins_were_recorded_read_as_a_password_sign_in_at_their_creation()
    {
        var document = ToBson(RotatedRevokedSession());
        document.Remove("amr");
        document.Remove("authTime");
        document.Remove("secondFactorAt");

        var back = FromBson<Session>(document);
        Assert.Equal(AuthenticationMethods.Password, back.Methods);
        Assert.Equal(T0, back.AuthenticatedAt);
        Assert.Null(back.SecondFactorAt);
    }

    [Fact]
    public void A_stored_method_Latch_never_writes_is_refused_as_corrupt()
    {
        var document = ToBson(FreshSession());
        document["amr"] = "pwd hwk";
        Assert.ThrowsAny<Exception>(() => FromBson<Session>(document));
    }

    [Fact]
    public void Documents_written_before_credential_versions_read_as_the_first_version()
    {
        var session = ToBson(RotatedRevokedSession());
        session.Remove("credentialVersion");
        var user = ToBson(User());
        user.Remove("credentialVersion");

        Assert.Equal(1, FromBson<Session>(session).CredentialVersion);
        Assert.Equal(1, FromBson<User>(user).CredentialVersion);
    }

    [Fact]
    public void Reading_ignores_fields_it_does_not_know_and_tolerates_missing_optional_ones()
    {
        var document = ToBson(FreshSession());
        document.Remove("sealedSuccessor");
        document.Remove("userAgent");
        document.Add("addedByALaterVersion", 42);
        var back = FromBson<Session>(document);
        Assert.Null(back.SealedSuccessor);
        Assert.Null(back.UserAgent);
    }

    [Fact]
    public void Sub_millisecond_precision_is_dropped_as_in_the_SQLite_store()
    {
        var user = Latch.Domain.Users.User.Restore(new UserId(UserGuid), Email.FromTrusted("a@example.com"),
            DisplayName.FromTrusted("A"), "h", T0.AddTicks(4321), T0, 1, credentialVersion: 1);
        Assert.Equal(T0, FromBson<User>(ToBson(user)).CreatedAt);
    }

    [Fact]
    public void A_document_without_a_required_field_fails_naming_the_field_and_no_value()
    {
        var document = ToBson(User());
        document.Remove("passwordHash");
        var exception = Assert.Throws<BsonSerializationException>(() => FromBson<User>(document));
        Assert.Contains("passwordHash", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ann@example.com", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_login_document_reads_its_count_and_last_failure()
    {
        var read = FailedLoginDocument.Read(Bson($"{{ _id: BinData(0, '{Base64(Hash)}'), failures: 4, lastFailureAt: ISODate('2026-03-01T09:30:00.123Z'), expiresAt: ISODate('2026-03-01T09:45:00.123Z') }}"));
        Assert.Equal(4, read.Count);
        Assert.Equal(T0, read.LastFailureAt);
        Assert.Same(Latch.Domain.Lockout.FailedLogins.None, FailedLoginDocument.Read(null));
    }
}
