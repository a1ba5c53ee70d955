using Latch.Domain.Users;

namespace Latch.StoreContractTests;

/// <summary>A factor's recovery codes replaced whole, and a factor cleared whole, each under the version check.</summary>
public abstract partial class StoreContract
{
    [SkippableFact]
    public async Task Regenerated_recovery_codes_replace_the_old_ones_and_a_copy_loaded_before_cannot_write_them_back()
    {
        var stores = Open();
        var user = await ActiveFactorAsync(stores, ["old1", "old2", "old3"]);
        var stale = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;

        var loaded = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        loaded.ReplaceRecoveryCodes(["new1", "new2", "new3", "new4"], Now);
        Assert.True(await stores.Users.TryUpdateAsync(loaded, CancellationToken.None));

        // A sign-in that read the account before the regeneration spends an old code: refused, the new codes stay.
        Assert.True(stale.UseRecoveryCode("old1", Now));
        Assert.False(await stores.Users.TryUpdateAsync(stale, CancellationToken.None));
        var stored = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        Assert.Equal(["new1", "new2", "new3", "new4"], stored.Totp!.RecoveryCodeHashes);
        Assert.Equal(59_000_001, stored.Totp.LastAcceptedStep);
        Assert.True(stored.HasSecondFactor);
    }

    [SkippableFact]
    public async Task A_removed_factor_leaves_nothing_behind_and_a_new_enrolment_starts_clean()
    {
        var stores = Open();
        var user = await ActiveFactorAsync(stores, ["h1", "h2"]);

        var loaded = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        loaded.RemoveTotp(Now);
        Assert.True(await stores.Users.TryUpdateAsync(loaded, CancellationToken.None));
        var removed = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        Assert.Null(removed.Totp);
        Assert.False(removed.HasSecondFactor);

        removed.BeginTotp([5, 5, 5], Now);
        Assert.True(await stores.Users.TryUpdateAsync(removed, CancellationToken.None));
        var pending = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        Assert.Equal([5, 5, 5], pending.Totp!.SealedSecret);
        Assert.Null(pending.Totp.ConfirmedAt);
        Assert.Equal(0, pending.Totp.LastAcceptedStep);
        Assert.Empty(pending.Totp.RecoveryCodeHashes);
    }

    private async Task<User> ActiveFactorAsync(Stores stores, IReadOnlyList<string> recoveryCodeHashes)
    {
        var user = await AddUserAsync(stores);
        var loaded = (await stores.Users.FindByIdAsync(user.Id, CancellationToken.None))!;
        loaded.BeginTotp([1, 2, 3], Now);
        loaded.ConfirmTotp(59_000_001, recoveryCodeHashes, Now);
        Assert.True(await stores.Users.TryUpdateAsync(loaded, CancellationToken.None));
        return loaded;
    }
}
