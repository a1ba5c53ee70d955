using System.Globalization;
using System.Security.Cryptography;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Users;

namespace Latch.ApplicationTests.Ports;

/// <summary>
/// An authenticator readable by eye: the code of step <c>s</c> is <c>s mod 10⁶</c>, six digits, for every secret;
/// the window (one step either side of the clock) and the replay rule (later than the last accepted step) are the
/// real authenticator's. The sealed secret names its owner, so another account's does not match.
/// </summary>
public sealed class FakeTotpAuthenticator : ITotpAuthenticator
{
    public static string CodeAt(DateTimeOffset at, int stepOffset = 0) =>
        ((StepAt(at) + stepOffset) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);

    public NewTotpSecret NewSecret(UserId owner) => new(owner.Value.ToByteArray(), "FAKESECRET");

    public long? Match(UserId owner, byte[] sealedSecret, string code, DateTimeOffset now, long afterStep)
    {
        if (!sealedSecret.AsSpan().SequenceEqual(owner.Value.ToByteArray()))
        {
            return null;
        }

        for (var step = StepAt(now) - 1; step <= StepAt(now) + 1; step++)
        {
            if (step > afterStep && code == (step % 1_000_000).ToString("D6", CultureInfo.InvariantCulture))
            {
                return step;
            }
        }

        return null;
    }

    private static long StepAt(DateTimeOffset at) => at.ToUnixTimeSeconds() / 30;
}

public sealed class FakeRecoveryCodes : IRecoveryCodes
{
    public (IReadOnlyList<string> Codes, IReadOnlyList<string> Hashes) Generate()
    {
        var codes = Enumerable.Range(0, 10).Select(_ => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))).ToArray();
        return (codes, codes.Select(Hash).ToArray());
    }

    public string Hash(string code) => "h:" + code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}

/// <summary><c>mfa.user.challenge.state.issuedAt</c>: the real codec's content, readable.</summary>
public sealed class FakeMfaTokens : IMfaTokenCodec
{
    public string Mint(UserId userId, long factorState, DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"mfa.{userId.Value:N}.{Guid.NewGuid():N}.{factorState}.{now.ToUnixTimeSeconds()}");

    public MfaTicket? Read(string token) =>
        token.Split('.') is ["mfa", var user, var challenge, var state, var at] &&
        Guid.TryParseExact(user, "N", out var userId) && Guid.TryParseExact(challenge, "N", out var challengeId) &&
        long.TryParse(state, CultureInfo.InvariantCulture, out var factorState) &&
        long.TryParse(at, CultureInfo.InvariantCulture, out var seconds)
            ? new MfaTicket(new UserId(userId), challengeId, factorState, DateTimeOffset.FromUnixTimeSeconds(seconds))
            : null;
}
