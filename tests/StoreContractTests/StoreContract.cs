using System.Security.Cryptography;
using Latch.Domain.Lockout;
using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.StoreContractTests;

/// <summary>
/// What every store adapter promises the use cases: each repository method, the unique email, the rotation
/// compare-and-swap under concurrency, optimistic concurrency on users, and expiry. One suite, run against
/// each adapter by a concrete subclass.
/// </summary>
public abstract partial class StoreContract(IStoreFixture fixture)
{
    private const int Racers = 8;
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly SessionPolicy Policy = SessionPolicy.Default;

    /// <summary>Now, to the millisecond: what every store keeps.</summary>
    protected static DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    // ---- users ------------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task An_added_user_is_found_by_id_and_by_normalised_email_with_every_field()
    {
        var stores = Open();
        var user = NewUser();
        Assert.True(await stores.Users.TryAddAsync(user, None));

        AssertSameUser(user, await stores.Users.FindByIdAsync(user.Id, None));
        AssertSameUser(user, await stores.Users.FindByEmailAsync(Email.Create(user.Email.Value.ToUpperInvariant()).Value, None));
    }

    [SkippableFact]
    public async Task Unknown_ids_and_emails_find_nothing()
    {
        var stores = Open();
        Assert.Null(await stores.Users.FindByIdAsync(UserId.New(), None));
        Assert.Null(await stores.Users.FindByEmailAsync(NewEmail(), None));
        Assert.Null(await stores.Sessions.FindByIdAsync(SessionId.New(), None));
    }

    [SkippableFact]
    public async Task A_taken_email_is_refused_and_the_first_account_kept()
    {
        var stores = Open();
        var first = await AddUserAsync(stores);
        var second = User.Register(first.Email, DisplayName.FromTrusted("Second"), "other-hash", Now);

        Assert.False(await stores.Users.TryAddAsync(second, None));
        AssertSameUser(first, await stores.Users.FindByEmailAsync(first.Email, None));
        Assert.Null(await stores.Users.FindByIdAsync(second.Id, None));
    }

    [SkippableFact]
    public async Task Of_concurrent_registrations_of_one_email_exactly_one_succeeds()
    {
        var stores = Open();
        var email = NewEmail();
        var results = await Race(_ => stores.Users.TryAddAsync(User.Register(email, DisplayName.FromEmail(email), "hash", Now), None));
        Assert.Equal(1, results.Count(added => added));
    }

    [SkippableFact]
    public async Task An_update_at_the_loaded_version_applies_and_bumps_the_version()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var loaded = (await stores.Users.FindByIdAsync(user.Id, None))!;
        var later = Now.AddMinutes(1);
        loaded.Rename(DisplayName.FromTrusted("Renamed"), later);
        loaded.ReplacePasswordHash("new-hash", later);

        Assert.True(await stores.Users.TryUpdateAsync(loaded, None));

        var stored = (await stores.Users.FindByIdAsync(user.Id, None))!;
        Assert.Equal("Renamed", stored.DisplayName.Value);
        Assert.Equal("new-hash", stored.PasswordHash);
        Assert.Equal(later, stored.UpdatedAt);
        Assert.Equal(user.CreatedAt, stored.CreatedAt);
        Assert.Equal(user.Email, stored.Email);
        Assert.Equal(loaded.Version + 1, stored.Version);
    }

    [SkippableFact]
    public async Task An_update_from_a_stale_version_is_refused_and_changes_nothing()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var first = (await stores.Users.FindByIdAsync(user.Id, None))!;
        var stale = (await stores.Users.FindByIdAsync(user.Id, None))!;
        first.Rename(DisplayName.FromTrusted("First"), Now);
        stale.Rename(DisplayName.FromTrusted("Stale"), Now);

        Assert.True(await stores.Users.TryUpdateAsync(first, None));
        Assert.False(await stores.Users.TryUpdateAsync(stale, None));
        Assert.Equal("First", (await stores.Users.FindByIdAsync(user.Id, None))!.DisplayName.Value);
        Assert.False(await stores.Users.TryUpdateAsync(User.Register(NewEmail(), DisplayName.FromTrusted("Ghost"), "h", Now), None));
    }

    [SkippableFact]
    public async Task An_email_change_is_stored_and_found_by_the_new_address_and_a_taken_one_changes_nothing()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var other = await AddUserAsync(stores);
        var oldEmail = user.Email;
        var moved = NewEmail();

        var loaded = (await stores.Users.FindByIdAsync(user.Id, None))!;
        loaded.ChangeEmail(moved, Now);
        Assert.True(await stores.Users.TryUpdateAsync(loaded, None));
        Assert.Equal(user.Id, (await stores.Users.FindByEmailAsync(moved, None))!.Id);
        Assert.Null(await stores.Users.FindByEmailAsync(oldEmail, None));

        var taking = (await stores.Users.FindByIdAsync(user.Id, None))!;
        taking.ChangeEmail(other.Email, Now);
        taking.Rename(DisplayName.FromTrusted("Never written"), Now);
        Assert.False(await stores.Users.TryUpdateAsync(taking, None));
        var stored = (await stores.Users.FindByIdAsync(user.Id, None))!;
        Assert.Equal(moved, stored.Email);
        Assert.NotEqual("Never written", stored.DisplayName.Value);
        Assert.Equal(other.Id, (await stores.Users.FindByEmailAsync(other.Email, None))!.Id);
    }

    [SkippableFact]
    public async Task Of_concurrent_updates_from_one_version_exactly_one_succeeds()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var copies = new List<User>();
        for (var i = 0; i < Racers; i++)
        {
            var copy = (await stores.Users.FindByIdAsync(user.Id, None))!;
            copy.Rename(DisplayName.FromTrusted($"Writer {i}"), Now);
            copies.Add(copy);
        }

        var results = await Race(i => stores.Users.TryUpdateAsync(copies[i], None));

        Assert.Equal(1, results.Count(updated => updated));
        var stored = (await stores.Users.FindByIdAsync(user.Id, None))!;
        Assert.Equal(user.Version + 1, stored.Version);
        Assert.Equal($"Writer {Array.IndexOf(results, true)}", stored.DisplayName.Value);
    }

    [SkippableFact]
    public async Task Deleting_a_user_removes_every_session_of_theirs_and_frees_the_email()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var other = await AddUserAsync(stores);
        var theirs = new[] { await AddSessionAsync(stores, user), await AddSessionAsync(stores, user) };
        await stores.Sessions.RevokeAsync(theirs[1].Id, Now, RevocationReason.Logout, None);
        var kept = await AddSessionAsync(stores, other);

        Assert.True(await stores.Users.DeleteAsync(user.Id, None));

        Assert.Null(await stores.Users.FindByIdAsync(user.Id, None));
        Assert.Null(await stores.Users.FindByEmailAsync(user.Email, None));
        foreach (var session in theirs)
        {
            Assert.Null(await stores.Sessions.FindByIdAsync(session.Id, None));
        }

        Assert.NotNull(await stores.Sessions.FindByIdAsync(kept.Id, None));
        Assert.NotNull(await stores.Users.FindByIdAsync(other.Id, None));
        Assert.False(await stores.Users.DeleteAsync(user.Id, None));
        Assert.True(await stores.Users.TryAddAsync(User.Register(user.Email, DisplayName.FromTrusted("Again"), "h", Now), None));
    }

    // ---- sessions ---------------------------------------------------------------------------------------

    [SkippableFact]
    public async Task An_added_session_is_found_with_every_field()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var started = Session.Start(SessionId.New(), user.Id, 1, RandomHash(), Now, Policy, "Mozilla/5.0 (contract)", "198.51.100.7");
        Assert.True(await stores.Sessions.TryStartAsync(started, None));
        AssertSameSession(started, await stores.Sessions.FindByIdAsync(started.Id, None));

        var bare = Session.Start(SessionId.New(), user.Id, 1, RandomHash(), Now, Policy, userAgent: null, ipAddress: null);
        Assert.True(await stores.Sessions.TryStartAsync(bare, None));
        AssertSameSession(bare, await stores.Sessions.FindByIdAsync(bare.Id, None));
    }

    [SkippableFact]
    public async Task A_session_starts_only_while_its_user_exists_at_the_credential_version_stamped_on_it()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var stale = Session.Start(SessionId.New(), user.Id, credentialVersion: 1, RandomHash(), Now, Policy, null, null);
        var ahead = Session.Start(SessionId.New(), user.Id, credentialVersion: 2, RandomHash(), Now, Policy, null, null);

        var changed = (await stores.Users.FindByIdAsync(user.Id, None))!;
        changed.ChangePassword("new-hash", Now);
        Assert.True(await stores.Users.TryUpdateAsync(changed, None));
        Assert.Equal(2, (await stores.Users.FindByIdAsync(user.Id, None))!.CredentialVersion);

        // Checked against the password before the change: refused, and nothing left behind.
        Assert.False(await stores.Sessions.TryStartAsync(stale, None));
        Assert.Null(await stores.Sessions.FindByIdAsync(stale.Id, None));
        Assert.True(await stores.Sessions.TryStartAsync(ahead, None));

        // The account deleted: refused too, never a foreign-key failure.
        Assert.True(await stores.Users.DeleteAsync(user.Id, None));
        var orphan = Session.Start(SessionId.New(), user.Id, credentialVersion: 2, RandomHash(), Now, Policy, null, null);
        Assert.False(await stores.Sessions.TryStartAsync(orphan, None));
        Assert.Null(await stores.Sessions.FindByIdAsync(orphan.Id, None));
    }

    [SkippableFact]
    public async Task Restamping_moves_an_active_sessions_credential_version_and_leaves_ended_ones_alone()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var active = await AddSessionAsync(stores, user);
        var ended = await AddSessionAsync(stores, user);
        await stores.Sessions.RevokeAsync(ended.Id, Now, RevocationReason.Logout, None);

        await stores.Sessions.RestampAsync(active.Id, 5, None);
        await stores.Sessions.RestampAsync(ended.Id, 5, None);

        Assert.Equal(5, (await stores.Sessions.FindByIdAsync(active.Id, None))!.CredentialVersion);
        Assert.Equal(1, (await stores.Sessions.FindByIdAsync(ended.Id, None))!.CredentialVersion);
    }

    [SkippableFact]
    public async Task A_rotation_at_the_expected_generation_and_hash_applies_every_change()
    {
        var stores = Open();
        var session = await AddSessionAsync(stores, await AddUserAsync(stores));
        var loaded = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
        var oldHash = loaded.SecretHash;
        loaded.Rotate(RandomHash(), RandomHash(), Now.AddMinutes(3), Policy);

        Assert.True(await stores.Sessions.TryRotateAsync(loaded, expectedGeneration: 0, oldHash, None));
        AssertSameSession(loaded, await stores.Sessions.FindByIdAsync(session.Id, None));
    }

    [SkippableFact]
    public async Task A_rotation_replayed_from_the_old_generation_is_refused()
    {
        var stores = Open();
        var session = await AddSessionAsync(stores, await AddUserAsync(stores));
        var first = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
        var replay = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
        first.Rotate(RandomHash(), RandomHash(), Now, Policy);
        replay.Rotate(RandomHash(), RandomHash(), Now, Policy);

        Assert.True(await stores.Sessions.TryRotateAsync(first, 0, session.SecretHash, None));
        Assert.False(await stores.Sessions.TryRotateAsync(replay, 0, session.SecretHash, None));
        AssertSameSession(first, await stores.Sessions.FindByIdAsync(session.Id, None));
    }

    [SkippableFact]
    public async Task A_rotation_that_does_not_replace_the_current_hash_is_refused()
    {
        var stores = Open();
        var session = await AddSessionAsync(stores, await AddUserAsync(stores));
        var loaded = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
        loaded.Rotate(RandomHash(), RandomHash(), Now, Policy);

        Assert.False(await stores.Sessions.TryRotateAsync(loaded, 0, RandomHash(), None));
        Assert.Equal(0, (await stores.Sessions.FindByIdAsync(session.Id, None))!.Generation);
        Assert.False(await stores.Sessions.TryRotateAsync(
            Session.Start(SessionId.New(), session.UserId, 1, RandomHash(), Now, Policy, null, null), 0, RandomHash(), None));
    }

    [SkippableFact]
    public async Task Of_concurrent_rotations_of_one_token_exactly_one_succeeds()
    {
        var stores = Open();
        var session = await AddSessionAsync(stores, await AddUserAsync(stores));
        var copies = new List<Session>();
        for (var i = 0; i < Racers; i++)
        {
            var copy = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
            copy.Rotate(RandomHash(), RandomHash(), Now, Policy);
            copies.Add(copy);
        }

        var results = await Race(i => stores.Sessions.TryRotateAsync(copies[i], 0, session.SecretHash, None));

        Assert.Equal(1, results.Count(rotated => rotated));
        AssertSameSession(copies[Array.IndexOf(results, true)], await stores.Sessions.FindByIdAsync(session.Id, None));
    }

    [SkippableFact]
    public async Task A_revoked_session_does_not_rotate()
    {
        var stores = Open();
        var session = await AddSessionAsync(stores, await AddUserAsync(stores));
        var loaded = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
        Assert.True(await stores.Sessions.RevokeAsync(session.Id, Now, RevocationReason.RefreshTokenReuse, None));
        loaded.Rotate(RandomHash(), RandomHash(), Now, Policy);

        Assert.False(await stores.Sessions.TryRotateAsync(loaded, 0, session.SecretHash, None));
        Assert.Equal(0, (await stores.Sessions.FindByIdAsync(session.Id, None))!.Generation);
    }

    [SkippableFact]
    public async Task Revoking_ends_an_active_session_once_and_records_when_and_why()
    {
        var stores = Open();
        var session = await AddSessionAsync(stores, await AddUserAsync(stores));
        var at = Now.AddSeconds(5);

        Assert.True(await stores.Sessions.RevokeAsync(session.Id, at, RevocationReason.RevokedByUser, None));
        Assert.False(await stores.Sessions.RevokeAsync(session.Id, at.AddSeconds(1), RevocationReason.Logout, None));
        Assert.False(await stores.Sessions.RevokeAsync(SessionId.New(), at, RevocationReason.Logout, None));

        var stored = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
        Assert.Equal(at, stored.RevokedAt);
        Assert.Equal(RevocationReason.RevokedByUser, stored.RevocationReason);
        Assert.False(stored.IsActive(Now));
    }

    [SkippableFact]
    public async Task Revoking_all_of_a_users_sessions_keeps_the_exception_and_counts_only_those_it_ended()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var other = await AddUserAsync(stores);
        var current = await AddSessionAsync(stores, user);
        var a = await AddSessionAsync(stores, user);
        var b = await AddSessionAsync(stores, user);
        var alreadyEnded = await AddSessionAsync(stores, user);
        await stores.Sessions.RevokeAsync(alreadyEnded.Id, Now, RevocationReason.Logout, None);
        var someoneElses = await AddSessionAsync(stores, other);
        var at = Now.AddSeconds(1);

        Assert.Equal(2, await stores.Sessions.RevokeAllForUserAsync(user.Id, current.Id, at, RevocationReason.LogoutOthers, None));

        Assert.Null((await stores.Sessions.FindByIdAsync(current.Id, None))!.RevokedAt);
        foreach (var ended in new[] { a, b })
        {
            var stored = (await stores.Sessions.FindByIdAsync(ended.Id, None))!;
            Assert.Equal(at, stored.RevokedAt);
            Assert.Equal(RevocationReason.LogoutOthers, stored.RevocationReason);
        }

        Assert.Equal(RevocationReason.Logout, (await stores.Sessions.FindByIdAsync(alreadyEnded.Id, None))!.RevocationReason);
        Assert.Null((await stores.Sessions.FindByIdAsync(someoneElses.Id, None))!.RevokedAt);
        Assert.Equal(1, await stores.Sessions.RevokeAllForUserAsync(user.Id, null, at, RevocationReason.LogoutGlobal, None));
        Assert.Equal(0, await stores.Sessions.RevokeAllForUserAsync(user.Id, null, at, RevocationReason.LogoutGlobal, None));
    }

    [SkippableFact]
    public async Task Listing_returns_the_users_unrevoked_unexpired_sessions_newest_first()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var now = Now;
        var oldest = await AddSessionAsync(stores, user, now.AddHours(-3));
        var middle = await AddSessionAsync(stores, user, now.AddHours(-2));
        var newest = await AddSessionAsync(stores, user, now.AddHours(-1));
        var revoked = await AddSessionAsync(stores, user, now.AddMinutes(-30));
        await stores.Sessions.RevokeAsync(revoked.Id, now, RevocationReason.Logout, None);
        await AddSessionAsync(stores, await AddUserAsync(stores), now);

        var listed = await stores.Sessions.ListActiveForUserAsync(user.Id, now, None);
        Assert.Equal([newest.Id, middle.Id, oldest.Id], listed.Select(s => s.Id));
        AssertSameSession(newest, listed[0]);

        // Idle expiry: 14 days after the last use. Ninety minutes before now + 14 days, only the newest (started
        // an hour ago) is still inside it.
        var later = now + Policy.IdleTimeout - TimeSpan.FromMinutes(90);
        Assert.Equal([newest.Id], (await stores.Sessions.ListActiveForUserAsync(user.Id, later, None)).Select(s => s.Id));

        // Absolute expiry: a session kept alive by refreshes still ends 30 days after sign-in.
        foreach (var day in new[] { 13, 26 })
        {
            var alive = (await stores.Sessions.FindByIdAsync(oldest.Id, None))!;
            var (generation, hash) = (alive.Generation, alive.SecretHash);
            alive.Rotate(RandomHash(), RandomHash(), now.AddDays(day), Policy);
            Assert.True(await stores.Sessions.TryRotateAsync(alive, generation, hash, None));
        }

        Assert.Contains(oldest.Id, (await stores.Sessions.ListActiveForUserAsync(user.Id, now.AddDays(29).AddHours(2), None)).Select(s => s.Id));
        Assert.Empty(await stores.Sessions.ListActiveForUserAsync(user.Id, oldest.AbsoluteExpiresAt, None));
    }

    // ---- failed logins ----------------------------------------------------------------------------------

    [SkippableFact]
    public async Task An_email_without_failures_has_none()
    {
        var stores = Open();
        var none = await stores.FailedLogins.GetAsync(AttemptKey.ForEmail(NewEmail()), None);
        Assert.Equal(0, none.Count);
        Assert.Null(none.LastFailureAt);
    }

    [SkippableFact]
    public async Task Reservations_count_as_failures_and_remember_the_last_one()
    {
        var stores = Open();
        var key = AttemptKey.ForEmail(NewEmail());
        var now = Now;

        var first = await stores.FailedLogins.ReserveAsync(key, now, LockoutPolicy.Default, None);
        var second = await stores.FailedLogins.ReserveAsync(key, now.AddSeconds(30), LockoutPolicy.Default, None);

        Assert.True(first.Granted);
        Assert.Equal(1, first.State.Count);
        Assert.True(second.Granted);
        Assert.Equal(2, second.State.Count);
        Assert.Equal(now.AddSeconds(30), second.State.LastFailureAt);
        var read = await stores.FailedLogins.GetAsync(key, None);
        Assert.Equal(2, read.Count);
        Assert.Equal(now.AddSeconds(30), read.LastFailureAt);
    }

    /// <summary>The store decides exactly as <see cref="LockoutPolicy.Reserve"/>: free failures, doubling windows, cap, reset.</summary>
    [SkippableFact]
    public async Task Reservations_follow_the_lockout_policy_step_by_step()
    {
        var stores = Open();
        var policy = new LockoutPolicy(freeFailures: 2, maxBackoff: TimeSpan.FromSeconds(8));
        var key = AttemptKey.ForEmail(NewEmail());
        var model = FailedLogins.None;
        var at = Now;
        int[] stepsMs = [0, 100, 500, 600, 1100, 1200, 2000, 3200, 3000, 1000, 4100, 8100, 8100, 7900, 200, 8000, 30_000];
        foreach (var step in stepsMs)
        {
            at = at.AddMilliseconds(step);
            var expected = policy.Reserve(model, at);
            var reservation = await stores.FailedLogins.ReserveAsync(key, at, policy, None);

            Assert.True(expected is not null == reservation.Granted, $"at +{(at - Now).TotalSeconds:F1} s after {model.Count} failures");
            model = expected ?? model;
            Assert.Equal(model.Count, reservation.State.Count);
            Assert.Equal(model.LastFailureAt, reservation.State.LastFailureAt);
        }
    }

    [SkippableFact]
    public async Task A_reservation_after_the_quiet_period_starts_again_at_one()
    {
        var stores = Open();
        var key = AttemptKey.ForEmail(NewEmail());
        var now = Now;
        var policy = LockoutPolicy.Default;
        for (var i = 0; i < 3; i++)
        {
            await stores.FailedLogins.ReserveAsync(key, now.AddSeconds(i), policy, None);
        }

        var inside = await stores.FailedLogins.ReserveAsync(key, now.AddSeconds(2) + policy.ResetAfter - TimeSpan.FromSeconds(1), policy, None);
        Assert.Equal(4, inside.State.Count);
        var after = await stores.FailedLogins.ReserveAsync(key, inside.State.LastFailureAt!.Value + policy.ResetAfter, policy, None);
        Assert.True(after.Granted);
        Assert.Equal(1, after.State.Count);
    }

    [SkippableFact]
    public async Task Of_concurrent_reservations_only_the_free_failures_are_granted()
    {
        var stores = Open();
        var key = AttemptKey.ForEmail(NewEmail());
        var now = Now;
        var policy = new LockoutPolicy(freeFailures: 3, maxBackoff: TimeSpan.FromMinutes(15));

        var results = await Race(_ => stores.FailedLogins.ReserveAsync(key, now, policy, None));

        Assert.Equal(3, results.Count(r => r.Granted));
        Assert.Equal([1, 2, 3], results.Where(r => r.Granted).Select(r => r.State.Count).Order());
        Assert.All(results.Where(r => !r.Granted), r => Assert.Equal(3, r.State.Count));
        Assert.Equal(3, (await stores.FailedLogins.GetAsync(key, None)).Count);
    }

    [SkippableFact]
    public async Task A_released_reservation_is_given_back_and_the_count_never_goes_below_zero()
    {
        var stores = Open();
        var key = AttemptKey.ForEmail(NewEmail());
        var policy = new LockoutPolicy(freeFailures: 2, maxBackoff: TimeSpan.FromMinutes(15));
        var now = Now;
        await stores.FailedLogins.ReserveAsync(key, now, policy, None);
        await stores.FailedLogins.ReserveAsync(key, now, policy, None);
        Assert.False((await stores.FailedLogins.ReserveAsync(key, now, policy, None)).Granted);

        await stores.FailedLogins.ReleaseAsync(key, None);
        Assert.Equal(1, (await stores.FailedLogins.GetAsync(key, None)).Count);
        Assert.True((await stores.FailedLogins.ReserveAsync(key, now, policy, None)).Granted);

        for (var i = 0; i < 3; i++)
        {
            await stores.FailedLogins.ReleaseAsync(key, None);
        }

        Assert.Equal(0, (await stores.FailedLogins.GetAsync(key, None)).Count);
        await stores.FailedLogins.ReleaseAsync(AttemptKey.ForEmail(NewEmail()), None);
    }

    /// <summary>A hard cap: counted while under the limit, then refused with nothing changed, however much time passes.</summary>
    [SkippableFact]
    public async Task Capped_reservations_are_granted_up_to_the_limit_and_never_forgotten_by_time()
    {
        var stores = Open();
        var key = AttemptKey.ForMfaChallenge(Guid.NewGuid());
        var now = Now;

        var granted = new List<AttemptReservation>();
        for (var i = 0; i < 3; i++)
        {
            granted.Add(await stores.FailedLogins.ReserveUpToAsync(key, 3, now.AddSeconds(i), TimeSpan.FromMinutes(7), None));
        }

        var refused = await stores.FailedLogins.ReserveUpToAsync(key, 3, now.AddDays(1), TimeSpan.FromMinutes(7), None);

        Assert.All(granted, r => Assert.True(r.Granted));
        Assert.Equal([1, 2, 3], granted.Select(r => r.State.Count));
        Assert.Equal(now.AddSeconds(2), granted[^1].State.LastFailureAt);
        Assert.False(refused.Granted);
        Assert.Equal(3, refused.State.Count);
        Assert.Equal(now.AddSeconds(2), refused.State.LastFailureAt);
        await stores.FailedLogins.ReleaseAsync(key, None);
        Assert.True((await stores.FailedLogins.ReserveUpToAsync(key, 3, now.AddDays(1), TimeSpan.FromMinutes(7), None)).Granted);
    }

    [SkippableFact]
    public async Task Of_concurrent_capped_reservations_only_the_limit_is_granted()
    {
        var stores = Open();
        var key = AttemptKey.ForMfaChallenge(Guid.NewGuid());
        var now = Now;

        var results = await Race(_ => stores.FailedLogins.ReserveUpToAsync(key, 3, now, TimeSpan.FromMinutes(7), None));

        Assert.Equal(3, results.Count(r => r.Granted));
        Assert.Equal([1, 2, 3], results.Where(r => r.Granted).Select(r => r.State.Count).Order());
        Assert.All(results.Where(r => !r.Granted), r => Assert.Equal(3, r.State.Count));
        Assert.Equal(3, (await stores.FailedLogins.GetAsync(key, None)).Count);
    }

    [SkippableFact]
    public async Task A_reset_forgets_the_failures_of_that_key_only()
    {
        var stores = Open();
        var email = NewEmail();
        var key = AttemptKey.ForEmail(email);
        var other = AttemptKey.ForEmail(NewEmail());
        var device = AttemptKey.ForDevice(Guid.NewGuid());
        foreach (var each in new[] { key, other, device })
        {
            await stores.FailedLogins.ReserveAsync(each, Now, LockoutPolicy.Default, None);
        }

        await stores.FailedLogins.ResetAsync(key, None);
        await stores.FailedLogins.ResetAsync(AttemptKey.ForEmail(NewEmail()), None);

        Assert.Equal(0, (await stores.FailedLogins.GetAsync(key, None)).Count);
        Assert.Equal(1, (await stores.FailedLogins.GetAsync(other, None)).Count);
        Assert.Equal(1, (await stores.FailedLogins.GetAsync(device, None)).Count);
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /// <summary>The adapter's stores, or a skip that says why they are not available here.</summary>
    protected Stores Open()
    {
        Skip.If(fixture.SkipReason is not null, fixture.SkipReason);
        return fixture.Stores;
    }

    protected static byte[] RandomHash() => RandomNumberGenerator.GetBytes(32);

    protected static Email NewEmail() => Email.Create($"contract-{Guid.NewGuid():N}@example.com").Value;

    protected static User NewUser() =>
        User.Register(NewEmail(), DisplayName.FromTrusted("Contract Tester"), "$2a$10$contract.hash.value.not.a.real.one", Now);

    protected static async Task<User> AddUserAsync(Stores stores)
    {
        var user = NewUser();
        Assert.True(await stores.Users.TryAddAsync(user, None));
        return user;
    }

    private static async Task<Session> AddSessionAsync(Stores stores, User user, DateTimeOffset? at = null)
    {
        var session = Session.Start(SessionId.New(), user.Id, 1, RandomHash(), at ?? Now, Policy, "contract-agent", "192.0.2.1");
        Assert.True(await stores.Sessions.TryStartAsync(session, None));
        return session;
    }

    /// <summary>Starts every racer together, so the store, not the test, decides the order.</summary>
    private static async Task<T[]> Race<T>(Func<int, Task<T>> racer)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, Racers).Select(i => Task.Run(() =>
        {
            start.Wait();
            return racer(i);
        })).ToArray();
        start.Set();
        return await Task.WhenAll(tasks);
    }

    private static void AssertSameUser(User expected, User? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Email, actual.Email);
        Assert.Equal(expected.DisplayName, actual.DisplayName);
        Assert.Equal(expected.PasswordHash, actual.PasswordHash);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.CredentialVersion, actual.CredentialVersion);
    }

    private static void AssertSameSession(Session expected, Session? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.UserId, actual.UserId);
        Assert.Equal(expected.Generation, actual.Generation);
        Assert.Equal(expected.SecretHash, actual.SecretHash);
        Assert.Equal(expected.SealedSuccessor, actual.SealedSuccessor);
        Assert.Equal(expected.RotatedAt, actual.RotatedAt);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.LastUsedAt, actual.LastUsedAt);
        Assert.Equal(expected.IdleExpiresAt, actual.IdleExpiresAt);
        Assert.Equal(expected.AbsoluteExpiresAt, actual.AbsoluteExpiresAt);
        Assert.Equal(expected.RevokedAt, actual.RevokedAt);
        Assert.Equal(expected.RevocationReason, actual.RevocationReason);
        Assert.Equal(expected.UserAgent, actual.UserAgent);
        Assert.Equal(expected.IpAddress, actual.IpAddress);
        Assert.Equal(expected.CredentialVersion, actual.CredentialVersion);
        Assert.Equal(expected.Methods, actual.Methods);
        Assert.Equal(expected.AuthenticatedAt, actual.AuthenticatedAt);
        Assert.Equal(expected.SecondFactorAt, actual.SecondFactorAt);
    }
}
