using Latch.Domain.Users;

namespace Latch.StoreContractTests;

/// <summary>The second factor's fields: kept whole, and their updates under the same version check as every other.</summary>
public abstract partial class StoreContract
{
    [SkippableFact]
    public async Task A_users_second_factor_is_kept_through_enrolment_confirmation_use_and_removal()
    {
        var stores = Open();
        var user = await AddUserAsync(stores);
        Assert.Null((await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!.Totp);

        var loaded = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        loaded.BeginTotp([9, 8, 7, 6], Now);
        Assert.True(await stores.Users.TryUpdateAsync(loaded, CancellationToken.None));
        var pending = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        Assert.Equal([9, 8, 7, 6], pending.Totp!.SealedSecret);
        Assert.False(pending.Totp.IsActive);
        Assert.Empty(pending.Totp.RecoveryCodeHashes);

        var confirmedAt = Now;
        pending.ConfirmTotp(59_000_001, ["h1", "h2", "h3"], confirmedAt);
        Assert.True(await stores.Users.TryUpdateAsync(pending, CancellationToken.None));
        var active = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        Assert.True(active.HasSecondFactor);
        Assert.Equal(confirmedAt, active.Totp!.ConfirmedAt);
        Assert.Equal(59_000_001, active.Totp.LastAcceptedStep);
        Assert.Equal(["h1", "h2", "h3"], active.Totp.RecoveryCodeHashes);

        Assert.True(active.UseRecoveryCode("h2", Now));
        Assert.True(await stores.Users.TryUpdateAsync(active, CancellationToken.None));
        var used = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        Assert.Equal(["h1", "h3"], used.Totp!.RecoveryCodeHashes);

        used.RemoveTotp(Now);
        Assert.True(await stores.Users.TryUpdateAsync(used, CancellationToken.None));
        Assert.Null((await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!.Totp);
    }

    [SkippableFact]
    public async Task Of_two_acceptances_of_codes_from_one_loaded_version_only_one_is_stored()
    {
        // The replay guard: two requests carrying the same code both load the account at one version; the version
        // check lets only one of them record the step, so the code is accepted once.
        var stores = Open();
        var user = await AddUserAsync(stores);
        var loaded = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        loaded.BeginTotp([1], Now);
        loaded.ConfirmTotp(100, [], Now);
        Assert.True(await stores.Users.TryUpdateAsync(loaded, CancellationToken.None));

        var first = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        var second = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        Assert.True(first.AcceptTotpStep(101, Now));
        Assert.True(second.AcceptTotpStep(101, Now));
        Assert.True(await stores.Users.TryUpdateAsync(first, CancellationToken.None));
        Assert.False(await stores.Users.TryUpdateAsync(second, CancellationToken.None));

        var stored = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        Assert.Equal(101, stored.Totp!.LastAcceptedStep);
        Assert.False(stored.AcceptTotpStep(101, Now));
    }
}
