using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;

namespace Latch.ApplicationTests.Ports;

/// <summary>
/// Refresh tokens readable by eye (<c>rt.session.generation.secret</c>) with the real codec's promises: a random
/// secret whose hash the store keeps, nothing read that is not of this shape, and a successor that only its
/// predecessor opens.
/// </summary>
public sealed class FakeRefreshTokens : IRefreshTokenCodec
{
    public MintedRefreshToken Mint(SessionId sessionId, long generation)
    {
        var secret = RandomNumberGenerator.GetBytes(16);
        return new MintedRefreshToken($"rt.{sessionId.Value:N}.{generation}.{Convert.ToHexString(secret)}", SHA256.HashData(secret));
    }

    public PresentedRefreshToken? Read(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 4 || parts[0] != "rt" || !Guid.TryParseExact(parts[1], "N", out var id) ||
            !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            return null;
        }

        try
        {
            return new PresentedRefreshToken(new SessionId(id), generation, Convert.FromHexString(parts[3]), token);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public bool Matches(PresentedRefreshToken presented, byte[] secretHash) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(presented.Secret.Span), secretHash);

    public byte[] SealSuccessor(string successorToken, PresentedRefreshToken predecessor) =>
        Encoding.UTF8.GetBytes(predecessor.Token + "|" + successorToken);

    public string? OpenSuccessor(byte[] sealedSuccessor, PresentedRefreshToken predecessor) =>
        Encoding.UTF8.GetString(sealedSuccessor).Split('|') is [var sealedFor, var successor] && sealedFor == predecessor.Token
            ? successor
            : null;
}

/// <summary>Device tokens readable by eye; anything not of the shape is not one of ours.</summary>
public sealed class FakeDeviceTokens : IDeviceTokenCodec
{
    public string Mint(UserId userId, long credentialVersion, DateTimeOffset now) =>
        $"dev.{userId.Value:N}.{Guid.NewGuid():N}.{credentialVersion}.{now.ToUnixTimeMilliseconds()}";

    public DeviceToken? Read(string token) =>
        token.Split('.') is ["dev", var user, var device, var version, var at] &&
        Guid.TryParseExact(user, "N", out var userId) && Guid.TryParseExact(device, "N", out var deviceId) &&
        long.TryParse(version, CultureInfo.InvariantCulture, out var credentialVersion) &&
        long.TryParse(at, CultureInfo.InvariantCulture, out var issuedAt)
            ? new DeviceToken(new UserId(userId), deviceId, credentialVersion, DateTimeOffset.FromUnixTimeMilliseconds(issuedAt))
            : null;
}

/// <summary>Access tokens that just name the user and session.</summary>
public sealed class FakeAccessTokens : IAccessTokenIssuer
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public AccessToken Issue(UserId userId, Session session, DateTimeOffset now) =>
        new($"at.{userId.Value:N}.{session.Id.Value:N}", Lifetime);
}

/// <summary>A short common-password list and a breach corpus that can be told what to say.</summary>
public sealed class FakePasswordLists : ICommonPasswords, IBreachedPasswords
{
    public BreachCheck Breach { get; set; } = BreachCheck.NotFound;

    public bool Contains(string normalizedPassword) =>
        normalizedPassword.Equals("correcthorsebatterystaple", StringComparison.OrdinalIgnoreCase);

    public ValueTask<BreachCheck> CheckAsync(string normalizedPassword, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Breach);
}
