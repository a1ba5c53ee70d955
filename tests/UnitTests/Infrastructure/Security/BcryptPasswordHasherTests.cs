using System.Security.Cryptography;
using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Security.Passwords;

namespace Latch.UnitTests.Infrastructure.Security;

public sealed class BcryptPasswordHasherTests
{
    private static readonly byte[] Pepper = RandomNumberGenerator.GetBytes(32);
    private readonly BcryptPasswordHasher _hasher = new(10, Pepper);

    [Fact]
    public void A_hash_verifies_its_password_only()
    {
        var hash = _hasher.Hash("correct horse battery staple");
        Assert.StartsWith(BcryptPasswordHasher.Prefix + "$2", hash);
        Assert.Equal(PasswordCheck.Match, _hasher.Verify("correct horse battery staple", hash));
        Assert.Equal(PasswordCheck.Mismatch, _hasher.Verify("correct horse battery stapl", hash));
    }

    [Fact]
    public void The_pepper_is_part_of_the_hash()
    {
        var hash = _hasher.Hash("correct horse battery staple");
        var otherPepper = new BcryptPasswordHasher(10, RandomNumberGenerator.GetBytes(32));
        Assert.Equal(PasswordCheck.Mismatch, otherPepper.Verify("correct horse battery staple", hash));
    }

    [Fact]
    public void A_lower_cost_hash_asks_for_a_rehash()
    {
        var weaker = new BcryptPasswordHasher(10, Pepper).Hash("correct horse battery staple");
        var stronger = new BcryptPasswordHasher(11, Pepper);
        Assert.Equal(PasswordCheck.MatchNeedsRehash, stronger.Verify("correct horse battery staple", weaker));
    }

    [Fact]
    public void Verifying_against_the_dummy_costs_a_full_bcrypt_run()
    {
        var hasher = new BcryptPasswordHasher(10, Pepper);
        var hash = hasher.Hash("correct horse battery staple");
        var (real, dummy) = MediansInterleaved(
            () => hasher.Verify("not the right password at all", hash),
            () => hasher.VerifyAgainstDummy("not the right password at all"));
        Assert.InRange(dummy / real, 0.5, 2.0); // a malformed dummy would fail in microseconds
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("$latch-hs384$garbage")]
    [InlineData("$2b$10$tooshort")]
    public void Unknown_or_broken_hashes_never_match(string stored) =>
        Assert.Equal(PasswordCheck.Mismatch, _hasher.Verify("anything", stored));

    [Fact]
    public void The_common_password_list_has_at_least_ten_thousand_entries()
    {
        var list = new EmbeddedCommonPasswords();
        Assert.True(list.Count >= 10_000, list.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(list.Contains("PASSWORD"));
        Assert.False(list.Contains("correct horse battery staple"));
    }

    // The two are timed in turn, so a burst of load from tests running beside this one hits both alike.
    private static (double First, double Second) MediansInterleaved(Action first, Action second)
    {
        var firstTimes = new double[7];
        var secondTimes = new double[7];
        for (var i = 0; i < firstTimes.Length; i++)
        {
            firstTimes[i] = Time(first);
            secondTimes[i] = Time(second);
        }

        Array.Sort(firstTimes);
        Array.Sort(secondTimes);
        return (firstTimes[firstTimes.Length / 2], secondTimes[secondTimes.Length / 2]);
    }

    private static double Time(Action action)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        action();
        return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
