using System.Security.Cryptography;
using System.Text;
using Latch.Domain.Users;
using Latch.Infrastructure.Security.SecondFactor;

namespace Latch.UnitTests.Infrastructure.Security.SecondFactor;

public sealed class TotpTests
{
    // RFC 6238 Appendix B: the seeds are the ASCII digits repeated to each hash's length; 8-digit codes.
    private static readonly byte[] Sha1Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Seed = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private static readonly byte[] Sha512Seed =
        Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    [Theory]
    [InlineData(59L, "94287082", "46119246", "90693936")]
    [InlineData(1111111109L, "07081804", "68084774", "25091201")]
    [InlineData(1111111111L, "14050471", "67062674", "99943326")]
    [InlineData(1234567890L, "89005924", "91819424", "93441116")]
    [InlineData(2000000000L, "69279037", "90698825", "38618901")]
    [InlineData(20000000000L, "65353130", "77737706", "47863826")]
    public void The_RFC_6238_test_vectors_hold(long unixSeconds, string sha1, string sha256, string sha512)
    {
        var step = Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));
        Assert.Equal(sha1, Totp.Code(Sha1Seed, step, digits: 8));
        Assert.Equal(sha256, Totp.Code(Sha256Seed, step, digits: 8, HashAlgorithmName.SHA256));
        Assert.Equal(sha512, Totp.Code(Sha512Seed, step, digits: 8, HashAlgorithmName.SHA512));
    }

    [Fact]
    public void Six_digit_codes_are_the_last_six_of_the_eight_digit_ones()
    {
        // Both are the same truncated value modulo a power of ten.
        Assert.Equal("287082", Totp.Code(Sha1Seed, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(59))));
    }

    [Fact]
    public void Base32_follows_RFC_4648_without_padding()
    {
        Assert.Equal("", Base32.Encode(""u8));
        Assert.Equal("MY", Base32.Encode("f"u8));
        Assert.Equal("MZXW6YQ", Base32.Encode("foob"u8));
        Assert.Equal("MZXW6YTB", Base32.Encode("fooba"u8));
        Assert.Equal("MZXW6YTBOI", Base32.Encode("foobar"u8));
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Base32.Encode(Sha1Seed));
    }
}

public sealed class TotpAuthenticatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 7, 0, 10, TimeSpan.Zero);
    private readonly TotpAuthenticator _authenticator = new(RandomNumberGenerator.GetBytes(32));
    private readonly UserId _owner = UserId.New();

    [Fact]
    public void A_sealed_secret_opens_for_its_owner_only_and_not_once_altered_or_under_another_key()
    {
        var secret = _authenticator.NewSecret(_owner);
        Assert.Equal(32, secret.Base32.Length);
        Assert.Equal(12 + 20 + 16, secret.Sealed.Length);

        var opened = _authenticator.Open(_owner, secret.Sealed);
        Assert.Equal(secret.Base32, Base32.Encode(opened));
        Assert.Null(_authenticator.Open(UserId.New(), secret.Sealed));
        Assert.Null(new TotpAuthenticator(RandomNumberGenerator.GetBytes(32)).Open(_owner, secret.Sealed));
        for (var i = 0; i < secret.Sealed.Length; i++)
        {
            var altered = (byte[])secret.Sealed.Clone();
            altered[i] ^= 1;
            Assert.Null(_authenticator.Open(_owner, altered));
        }

        Assert.Null(_authenticator.Open(_owner, new byte[28]));
    }

    [Fact]
    public void A_code_matches_its_step_within_one_step_either_side_and_nothing_further()
    {
        var (sealedSecret, key) = Secret();
        var step = Totp.StepAt(Now);
        foreach (var offset in new[] { -1, 0, 1 })
        {
            Assert.Equal(step + offset, _authenticator.Match(_owner, sealedSecret, Totp.Code(key, step + offset), Now, afterStep: 0));
        }

        foreach (var offset in new[] { -2, 2 })
        {
            Assert.Null(_authenticator.Match(_owner, sealedSecret, Totp.Code(key, step + offset), Now, afterStep: 0));
        }
    }

    [Fact]
    public void A_code_of_the_last_accepted_step_or_an_earlier_one_does_not_match()
    {
        var (sealedSecret, key) = Secret();
        var step = Totp.StepAt(Now);
        Assert.Null(_authenticator.Match(_owner, sealedSecret, Totp.Code(key, step), Now, afterStep: step));
        Assert.Null(_authenticator.Match(_owner, sealedSecret, Totp.Code(key, step - 1), Now, afterStep: step - 1));
        Assert.Equal(step + 1, _authenticator.Match(_owner, sealedSecret, Totp.Code(key, step + 1), Now, afterStep: step));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("١٢٣٤٥٦")]
    public void Anything_but_six_ASCII_digits_matches_nothing(string code)
    {
        var (sealedSecret, _) = Secret();
        Assert.Null(_authenticator.Match(_owner, sealedSecret, code, Now, afterStep: 0));
    }

    private (byte[] Sealed, byte[] Key) Secret()
    {
        var key = RandomNumberGenerator.GetBytes(20);
        return (_authenticator.Seal(_owner, key), key);
    }
}

public sealed class RecoveryCodesTests
{
    private readonly RecoveryCodes _codes = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Ten_distinct_codes_are_made_each_with_its_keyed_hash()
    {
        var (codes, hashes) = _codes.Generate();
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z2-9]{5}-[a-z2-9]{5}$", c));
        Assert.Equal(codes.Select(_codes.Hash), hashes);
        Assert.NotEqual(_codes.Hash(codes[0]), new RecoveryCodes(RandomNumberGenerator.GetBytes(32)).Hash(codes[0]));
    }

    [Fact]
    public void Case_spaces_and_dashes_do_not_matter_but_every_character_does()
    {
        Assert.Equal(_codes.Hash("abcde-fghjk"), _codes.Hash(" ABCDE FGHJK "));
        Assert.Equal(_codes.Hash("abcde-fghjk"), _codes.Hash("abcdefghjk"));
        Assert.NotEqual(_codes.Hash("abcde-fghjk"), _codes.Hash("abcde-fghjm"));
    }
}
