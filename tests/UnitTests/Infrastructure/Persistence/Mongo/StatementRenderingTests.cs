using Latch.Domain.Lockout;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Latch.Infrastructure.Persistence.Mongo;
using static Latch.UnitTests.Infrastructure.Persistence.Mongo.Samples;

namespace Latch.UnitTests.Infrastructure.Persistence.Mongo;

/// <summary>
/// What each repository method sends, rendered through the driver's own serializer registry — so a filter
/// can never quietly compare a UUID with a string, or an Int64 with an Int32, against what the serializers store.
/// </summary>
public sealed class StatementRenderingTests
{
    private static readonly UserId UserId = new(UserGuid);
    private static readonly SessionId SessionId = new(SessionGuid);

    [Fact]
    public void Users_are_found_by_UUID_id_and_by_normalised_email()
    {
        AssertBson($"{{ _id: UUID('{UserGuid}') }}", Render(UserStatements.ById(UserId)));
        AssertBson("{ email: 'ann@example.com' }", Render(UserStatements.ByEmail(Email.Create(" Ann@Example.com ").Value)));
    }

    [Fact]
    public void A_user_update_matches_the_loaded_version_and_writes_the_next()
    {
        var user = User(version: 3);
        AssertBson($"{{ _id: UUID('{UserGuid}'), version: NumberLong(3) }}", Render(UserStatements.CurrentVersion(user)));
        AssertBson(
            $$"""
            { $set: { email: '{{user.Email.Value}}', displayName: 'Ann', passwordHash: '{{user.PasswordHash}}', updatedAt: ISODate('2026-03-01T09:35:00.123Z'),
                      credentialVersion: NumberLong(2), totpSecret: null, totpConfirmedAt: null, totpLastStep: NumberLong(0),
                      recoveryCodes: null },
              $inc: { version: NumberLong(1) } }
            """,
            Render(UserStatements.Update(user)));
    }

    [Fact]
    public void Account_deletion_targets_the_users_sessions_by_UUID()
    {
        AssertBson($"{{ userId: UUID('{UserGuid}') }}", Render(SessionStatements.ByUser(UserId)));
        AssertBson($"{{ _id: UUID('{UserGuid}') }}", Render(UserStatements.ById(UserId)));
    }

    [Fact]
    public void A_session_is_found_by_UUID_id()
    {
        AssertBson($"{{ _id: UUID('{SessionGuid}') }}", Render(SessionStatements.ById(SessionId)));
    }

    [Fact]
    public void Rotation_is_one_compare_and_swap_on_id_generation_current_hash_and_not_revoked()
    {
        AssertBson(
            $"{{ _id: UUID('{SessionGuid}'), generation: NumberLong(6), secretHash: BinData(0, '{Base64(Hash)}'), revokedAt: null }}",
            Render(SessionStatements.Rotation(SessionId, expectedGeneration: 6, Hash)));
    }

    [Fact]
    public void Rotation_writes_the_new_token_state_and_moves_the_TTL_expiry()
    {
        var session = FreshSession();
        var now = T0.AddHours(1);
        session.Rotate(NextHash, Sealed, now, SessionPolicy.Default);
        AssertBson(
            $$"""
            { $set: { generation: NumberLong(1), secretHash: BinData(0, '{{Base64(NextHash)}}'), sealedSuccessor: BinData(0, '{{Base64(Sealed)}}'),
                      rotatedAt: ISODate('2026-03-01T10:30:00.123Z'), lastUsedAt: ISODate('2026-03-01T10:30:00.123Z'),
                      idleExpiresAt: ISODate('2026-03-15T10:30:00.123Z'), expiresAt: ISODate('2026-03-15T10:30:00.123Z') } }
            """,
            Render(SessionStatements.Rotate(session)));
        AssertBson("{ _id: 1 }", Render(SessionStatements.IdOnly));
    }

    [Fact]
    public void A_second_factor_proof_sets_the_methods_and_its_time_only()
    {
        var session = FreshSession();
        session.RecordSecondFactor(T0.AddMinutes(2));
        AssertBson(
            "{ $set: { amr: 'pwd otp', secondFactorAt: ISODate('2026-03-01T09:32:00.123Z') } }",
            Render(SessionStatements.RecordSecondFactor(session)));
    }

    [Fact]
    public void Restamping_sets_the_credential_version_of_an_active_session() =>
        AssertBson("{ $set: { credentialVersion: NumberLong(4) } }", Render(SessionStatements.Restamp(4)));

    [Fact]
    public void Revoking_one_session_matches_it_only_while_active()
    {
        AssertBson($"{{ _id: UUID('{SessionGuid}'), revokedAt: null }}", Render(SessionStatements.Active(SessionId)));
        AssertBson(
            "{ $set: { revokedAt: ISODate('2026-03-01T09:30:00.123Z'), revocationReason: 1 } }",
            Render(SessionStatements.Revoke(T0, RevocationReason.Logout)));
    }

    [Fact]
    public void Revoking_all_of_a_users_sessions_can_keep_one()
    {
        AssertBson($"{{ userId: UUID('{UserGuid}'), revokedAt: null }}", Render(SessionStatements.ActiveOfUser(UserId, null)));
        AssertBson(
            $"{{ userId: UUID('{UserGuid}'), revokedAt: null, _id: {{ $ne: UUID('{OtherSessionGuid}') }} }}",
            Render(SessionStatements.ActiveOfUser(UserId, new SessionId(OtherSessionGuid))));
    }

    [Fact]
    public void Revoking_every_session_matches_all_unrevoked_ones() =>
        AssertBson("{ revokedAt: null }", Render(SessionStatements.AllActive));

    [Fact]
    public void Listing_takes_unrevoked_unexpired_sessions_newest_first()
    {
        AssertBson(
            $"{{ userId: UUID('{UserGuid}'), revokedAt: null, expiresAt: {{ $gt: ISODate('2026-03-01T09:30:00.123Z') }} }}",
            Render(SessionStatements.ListedForUser(UserId, T0)));
        AssertBson("{ createdAt: -1, _id: -1 }", Render(SessionStatements.NewestFirst));
    }

    [Fact]
    public void Failed_logins_are_keyed_by_the_email_HMAC_as_binary()
    {
        AssertBson($"{{ _id: BinData(0, '{Base64(Hash)}') }}", Render(FailedLoginStatements.ByKey(Hash)));
    }

    [Fact]
    public void Reserving_an_attempt_is_one_pipeline_update_that_decides_then_counts_only_when_granted()
    {
        var rendered = Render(FailedLoginStatements.Reserve(T0, new LockoutPolicy(5, TimeSpan.FromMinutes(15))));
        var expected = Bson("""
            { pipeline: [
              { $set: { granted: { $or: [
                  { $lte: ['$lastFailureAt', ISODate('2026-03-01T09:15:00.123Z')] },
                  { $lt: ['$failures', 5] },
                  { $lte: [ { $add: ['$lastFailureAt',
                      { $min: [ { $multiply: [ { $pow: [2, { $subtract: ['$failures', 5] }] }, 1000 ] }, NumberLong(900000) ] } ] },
                      ISODate('2026-03-01T09:30:00.123Z') ] } ] } } },
              { $set: {
                  failures: { $cond: { if: '$granted',
                      then: { $cond: { if: { $lte: ['$lastFailureAt', ISODate('2026-03-01T09:15:00.123Z')] }, then: 1,
                                       else: { $add: ['$failures', 1] } } },
                      else: '$failures' } },
                  lastFailureAt: { $cond: { if: '$granted', then: ISODate('2026-03-01T09:30:00.123Z'), else: '$lastFailureAt' } },
                  expiresAt: { $cond: { if: '$granted', then: ISODate('2026-03-01T09:45:00.123Z'), else: '$expiresAt' } } } } ] }
            """)["pipeline"];
        AssertBson(expected, rendered);
    }

    [Fact]
    public void A_capped_reservation_is_one_pipeline_update_that_counts_only_under_the_limit()
    {
        var rendered = Render(FailedLoginStatements.ReserveUpTo(3, T0, TimeSpan.FromMinutes(7)));
        var expected = Bson("""
            { pipeline: [
              { $set: { granted: { $lt: ['$failures', 3] } } },
              { $set: {
                  failures: { $cond: { if: '$granted', then: { $add: [ { $ifNull: ['$failures', 0] }, 1 ] }, else: '$failures' } },
                  lastFailureAt: { $cond: { if: '$granted', then: ISODate('2026-03-01T09:30:00.123Z'), else: '$lastFailureAt' } },
                  expiresAt: { $cond: { if: '$granted', then: ISODate('2026-03-01T09:37:00.123Z'), else: '$expiresAt' } } } } ] }
            """)["pipeline"];
        AssertBson(expected, rendered);
    }

    [Fact]
    public void Giving_a_reservation_back_decrements_a_positive_count()
    {
        AssertBson($"{{ _id: BinData(0, '{Base64(Hash)}'), failures: {{ $gt: 0 }} }}", Render(FailedLoginStatements.Releasable(Hash)));
        AssertBson("{ $inc: { failures: -1 } }", Render(FailedLoginStatements.Release));
    }
}
