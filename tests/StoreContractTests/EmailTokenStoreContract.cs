using System.Security.Cryptography;
using Latch.Application.Common.Interfaces;

namespace Latch.StoreContractTests;

/// <summary>
/// The emailed tokens each store keeps: every field kept, consumed once (of concurrent confirms exactly one gets it),
/// found only for its own purpose, never once expired.
/// </summary>
public abstract class EmailTokenStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected static DateTimeOffset Now => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    protected abstract IEmailTokenStore Open();

    protected static EmailToken NewToken(EmailTokenPurpose purpose, DateTimeOffset expiresAt) => new(
        RandomNumberGenerator.GetBytes(32), purpose, $"{Guid.NewGuid():N}@example.com", Guid.NewGuid(), 3,
        purpose == EmailTokenPurpose.EmailChange ? "new@example.com" : null,
        purpose == EmailTokenPurpose.Verification ? "$2a$12$hash" : null,
        purpose == EmailTokenPurpose.Verification ? "Ada" : null,
        expiresAt);

    [SkippableFact]
    public async Task A_token_is_found_once_with_every_field()
    {
        var store = Open();
        foreach (var purpose in Enum.GetValues<EmailTokenPurpose>())
        {
            var token = NewToken(purpose, Now.AddHours(1));
            await store.AddAsync(token, None);

            var consumed = await store.TryConsumeAsync(token.Hash, purpose, Now, None);

            Assert.NotNull(consumed);
            Assert.Equal(token.Hash, consumed.Hash);
            Assert.Equal(token with { Hash = consumed.Hash }, consumed);
            Assert.Null(await store.TryConsumeAsync(token.Hash, purpose, Now, None));
        }
    }

    [SkippableFact]
    public async Task A_pending_registration_without_an_account_keeps_its_nulls()
    {
        var store = Open();
        var token = NewToken(EmailTokenPurpose.PasswordReset, Now.AddMinutes(30)) with { UserId = null, CredentialVersion = 0 };
        await store.AddAsync(token, None);

        var consumed = await store.TryConsumeAsync(token.Hash, EmailTokenPurpose.PasswordReset, Now, None);

        Assert.Equal(token with { Hash = consumed!.Hash }, consumed);
    }

    [SkippableFact]
    public async Task A_token_is_not_found_for_another_purpose_and_stays_usable_for_its_own()
    {
        var store = Open();
        var token = NewToken(EmailTokenPurpose.PasswordReset, Now.AddMinutes(30));
        await store.AddAsync(token, None);

        Assert.Null(await store.TryConsumeAsync(token.Hash, EmailTokenPurpose.Verification, Now, None));
        Assert.Null(await store.TryConsumeAsync(RandomNumberGenerator.GetBytes(32), EmailTokenPurpose.PasswordReset, Now, None));
        Assert.NotNull(await store.TryConsumeAsync(token.Hash, EmailTokenPurpose.PasswordReset, Now, None));
    }

    [SkippableFact]
    public async Task An_expired_token_is_not_found()
    {
        var store = Open();
        var token = NewToken(EmailTokenPurpose.EmailChange, Now.AddHours(1));
        await store.AddAsync(token, None);

        Assert.Null(await store.TryConsumeAsync(token.Hash, EmailTokenPurpose.EmailChange, token.ExpiresAt, None));
        Assert.Null(await store.TryConsumeAsync(token.Hash, EmailTokenPurpose.EmailChange, token.ExpiresAt.AddSeconds(1), None));
    }

    [SkippableFact]
    public async Task Voiding_an_address_removes_each_of_its_tokens_and_no_other_address_token()
    {
        var store = Open();
        var mine = Enum.GetValues<EmailTokenPurpose>().Select(p => NewToken(p, Now.AddHours(1)) with { Email = "voided@example.com" }).ToArray();
        var other = NewToken(EmailTokenPurpose.Verification, Now.AddHours(1)) with { Email = "kept@example.com" };
        foreach (var token in mine.Append(other))
        {
            await store.AddAsync(token, None);
        }

        await store.RemoveForAddressAsync("voided@example.com", None);
        await store.RemoveForAddressAsync("nobody@example.com", None);

        foreach (var token in mine)
        {
            Assert.Null(await store.TryConsumeAsync(token.Hash, token.Purpose, Now, None));
        }

        Assert.NotNull(await store.TryConsumeAsync(other.Hash, EmailTokenPurpose.Verification, Now, None));
    }

    [SkippableFact]
    public async Task Of_concurrent_confirms_of_one_token_exactly_one_gets_it()
    {
        var store = Open();
        var token = NewToken(EmailTokenPurpose.PasswordReset, Now.AddMinutes(30));
        await store.AddAsync(token, None);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Task.Run(() => store.TryConsumeAsync(token.Hash, EmailTokenPurpose.PasswordReset, Now, None))));

        Assert.Single(results, consumed => consumed is not null);
    }
}
