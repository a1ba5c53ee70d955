using System.Buffers.Binary;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Users;

namespace Latch.Infrastructure.Security.Tokens;

/// <summary>
/// <c>mfaToken</c>s: <c>base64url(version ‖ user id ‖ challenge id ‖ factor state ‖ issued at ‖ MAC)</c>, 87
/// characters, in the frame of <see cref="MacFramedToken"/> under their own key derived from the pepper. The challenge
/// id is random: it names the token's own budget of wrong codes.
/// </summary>
internal sealed class MfaTokenCodec(byte[] macKey) : IMfaTokenCodec
{
    // Not the device token's version byte: under a separate key already, and distinct even if a key were shared.
    private const byte Version = 0x4d;
    private const int IdLength = 16;
    private const int SignedLength = 1 + IdLength + IdLength + sizeof(long) + sizeof(long);
    private const int TokenLength = SignedLength + MacFramedToken.MacLength;

    public string Mint(UserId userId, long factorState, DateTimeOffset now)
    {
        Span<byte> token = stackalloc byte[TokenLength];
        token[0] = Version;
        userId.Value.TryWriteBytes(token.Slice(1, IdLength), bigEndian: true, out _);
        Guid.NewGuid().TryWriteBytes(token.Slice(1 + IdLength, IdLength), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(1 + (2 * IdLength), sizeof(long)), factorState);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(1 + (2 * IdLength) + sizeof(long), sizeof(long)), now.ToUnixTimeSeconds());
        return MacFramedToken.Seal(macKey, token);
    }

    public MfaTicket? Read(string token)
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

        return new MfaTicket(
            new UserId(new Guid(bytes.Slice(1, IdLength), bigEndian: true)),
            new Guid(bytes.Slice(1 + IdLength, IdLength), bigEndian: true),
            BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(1 + (2 * IdLength), sizeof(long))),
            DateTimeOffset.FromUnixTimeSeconds(issuedAt));
    }
}
