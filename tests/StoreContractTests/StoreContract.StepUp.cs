using Latch.Domain.Sessions;

namespace Latch.StoreContractTests;

/// <summary>How a session's sign-in was won, and a second factor proved on it since: kept, and carried through rotation.</summary>
public abstract partial class StoreContract
{
    [SkippableFact]
    public async Task A_new_session_is_a_password_sign_in_at_its_start_and_a_second_factor_sign_in_keeps_its_proof()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var at = Now;
        var password = Session.Start(SessionId.New(), user.Id, 1, RandomHash(), at, Policy, null, null);
        var twoFactor = Session.Start(SessionId.New(), user.Id, 1, RandomHash(), at, Policy, null, null);
        twoFactor.RecordSecondFactor(at);
        Assert.True(await stores.Sessions.TryStartAsync(password, None));
        Assert.True(await stores.Sessions.TryStartAsync(twoFactor, None));

        var readPassword = (await stores.Sessions.FindByIdAsync(password.Id, None))!;
        Assert.Equal(AuthenticationMethods.Password, readPassword.Methods);
        Assert.Equal(at, readPassword.AuthenticatedAt);
        Assert.Null(readPassword.SecondFactorAt);

        var readTwoFactor = (await stores.Sessions.FindByIdAsync(twoFactor.Id, None))!;
        Assert.Equal(AuthenticationMethods.Password | AuthenticationMethods.OneTimePassword, readTwoFactor.Methods);
        Assert.Equal(at, readTwoFactor.AuthenticatedAt);
        Assert.Equal(at, readTwoFactor.SecondFactorAt);
    }

    [SkippableFact]
    public async Task A_proof_recorded_later_changes_the_methods_and_its_time_only_and_never_on_an_ended_session()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var started = Now.AddMinutes(-10);
        var session = await AddSessionAsync(stores, user, started);

        var loaded = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
        var provedAt = Now;
        loaded.RecordSecondFactor(provedAt);
        Assert.True(await stores.Sessions.TryRecordSecondFactorAsync(loaded, None));

        var stored = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
        Assert.Equal(AuthenticationMethods.Password | AuthenticationMethods.OneTimePassword, stored.Methods);
        Assert.Equal(provedAt, stored.SecondFactorAt);
        Assert.Equal(started, stored.AuthenticatedAt);
        Assert.Equal(session.Generation, stored.Generation);
        Assert.Equal(session.SecretHash, stored.SecretHash);
        Assert.Equal(session.LastUsedAt, stored.LastUsedAt);

        var ended = await AddSessionAsync(stores, user);
        var endedCopy = (await stores.Sessions.FindByIdAsync(ended.Id, None))!;
        Assert.True(await stores.Sessions.RevokeAsync(ended.Id, Now, RevocationReason.Logout, None));
        endedCopy.RecordSecondFactor(Now);
        Assert.False(await stores.Sessions.TryRecordSecondFactorAsync(endedCopy, None));
        Assert.Null((await stores.Sessions.FindByIdAsync(ended.Id, None))!.SecondFactorAt);

        var unknown = Session.Start(SessionId.New(), user.Id, 1, RandomHash(), Now, Policy, null, null);
        unknown.RecordSecondFactor(Now);
        Assert.False(await stores.Sessions.TryRecordSecondFactorAsync(unknown, None));
    }

    [SkippableFact]
    public async Task Rotation_carries_the_sign_in_and_its_proof_over_unchanged_even_from_a_copy_read_before_the_proof()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        var started = Now.AddMinutes(-10);
        var session = await AddSessionAsync(stores, user, started);

        // A refresh reads the session, a step-up lands, then the refresh rotates from its older copy.
        var refreshing = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
        var proving = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
        var provedAt = Now.AddMinutes(-1);
        proving.RecordSecondFactor(provedAt);
        Assert.True(await stores.Sessions.TryRecordSecondFactorAsync(proving, None));
        refreshing.Rotate(RandomHash(), RandomHash(), Now, Policy);
        Assert.True(await stores.Sessions.TryRotateAsync(refreshing, 0, session.SecretHash, None));

        var rotated = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
        Assert.Equal(1, rotated.Generation);
        Assert.Equal(AuthenticationMethods.Password | AuthenticationMethods.OneTimePassword, rotated.Methods);
        Assert.Equal(started, rotated.AuthenticatedAt);
        Assert.Equal(provedAt, rotated.SecondFactorAt);

        // And a rotation of a session with its proof keeps it too.
        var previous = rotated.SecretHash;
        rotated.Rotate(RandomHash(), RandomHash(), Now, Policy);
        Assert.True(await stores.Sessions.TryRotateAsync(rotated, 1, previous, None));
        var again = (await stores.Sessions.FindByIdAsync(session.Id, None))!;
        Assert.Equal(AuthenticationMethods.Password | AuthenticationMethods.OneTimePassword, again.Methods);
        Assert.Equal(started, again.AuthenticatedAt);
        Assert.Equal(provedAt, again.SecondFactorAt);
    }
}
