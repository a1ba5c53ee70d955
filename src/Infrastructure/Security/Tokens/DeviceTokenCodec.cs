using System.Buffers.Binary;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Users;

namespace Latch.Infrastructure.Security.Tokens;

/// <summary>
/// Device tokens: <c>base64url(version ‖ user id ‖ device id ‖ credential version ‖ issued at ‖ MAC)</c>, 87
/// characters. The MAC (HMAC-SHA-256 truncated to 128 bits, under a key derived from the pepper) makes them
/// unforgeable, so nothing is stored per token (ADR 0010). The device id is random: it names the token's own
/// failure budget. Not secret from its holder: it says only which account it belongs to, as the access token does.
/// </summary>
internal sealed class DeviceTokenCodec(byte[] macKey) : IDeviceTokenCodec
{
    private const byte Version = 1;
    private const int IdLength = 16;
    private const int MacLength = MacFramedToken.MacLength;
    private const int SignedLength = 1 + IdLength + IdLength + sizeof(long) + sizeof(long);
    private const int TokenLength = SignedLength + MacLength;

    public string Mint(UserId userId, long credentialVersion, DateTimeOffset now)
    {
        Span<byte> token = stackalloc byte[TokenLength];
        token[0] = Version;
        userId.Value.TryWriteBytes(token.Slice(1, IdLength), bigEndian: true, out _);
        Guid.NewGuid().TryWriteBytes(token.Slice(1 + IdLength, IdLength), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(1 + (2 * IdLength), sizeof(long)), credentialVersion);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(1 + (2 * IdLength) + sizeof(long), sizeof(long)), now.ToUnixTimeSeconds());
        return MacFramedToken.Seal(macKey, token);
    }

    public DeviceToken? Read(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> bytes = stackalloc byte[TokenLength];
        if (!MacFramedToken.TryOpen(token, macKey, Version, bytes))
        {
            return null;
        }

        var issuedAt = BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(1 + (2 * IdLength) + sizeof(long), sizeof(long)));
        if (issuedAt < 0 || issuedAt > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        return new DeviceToken(
            new UserId(new Guid(bytes.Slice(1, IdLength), bigEndian: true)),
            new Guid(bytes.Slice(1 + IdLength, IdLength), bigEndian: true),
            BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(1 + (2 * IdLength), sizeof(long))),
            DateTimeOffset.FromUnixTimeSeconds(issuedAt));
    }
}
