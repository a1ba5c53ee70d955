using System.Buffers.Binary;
using Latch.Domain.Users;

namespace Latch.Infrastructure.Security.Tokens;

/// <summary>
/// The payload device tokens and <c>mfaToken</c>s share inside <see cref="MacFramedToken"/>:
/// <c>version ‖ user id ‖ random id ‖ one 64-bit value ‖ issued at</c>, 87 characters with the MAC. The random id
/// names the token's own budget; the value is what the token is bound to (a credential version, a factor's state).
/// </summary>
internal static class SubjectTicketFrame
{
    private const int IdLength = 16;
    private const int SignedLength = 1 + IdLength + IdLength + sizeof(long) + sizeof(long);
    private const int TokenLength = SignedLength + MacFramedToken.MacLength;
    private const int ValueOffset = 1 + (2 * IdLength);
    private const int IssuedAtOffset = ValueOffset + sizeof(long);

    public static string Mint(byte[] macKey, byte version, UserId userId, long value, DateTimeOffset now)
    {
        Span<byte> token = stackalloc byte[TokenLength];
        token[0] = version;
        userId.Value.TryWriteBytes(token.Slice(1, IdLength), bigEndian: true, out _);
        Guid.NewGuid().TryWriteBytes(token.Slice(1 + IdLength, IdLength), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(ValueOffset, sizeof(long)), value);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(IssuedAtOffset, sizeof(long)), now.ToUnixTimeSeconds());
        return MacFramedToken.Seal(macKey, token);
    }

    /// <summary>The token's fields when it is a whole frame of <paramref name="version"/> under <paramref name="macKey"/>.</summary>
    public static (UserId UserId, Guid Id, long Value, DateTimeOffset IssuedAt)? Read(string token, byte[] macKey, byte version)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> bytes = stackalloc byte[TokenLength];
        if (!MacFramedToken.TryOpen(token, macKey, version, bytes))
        {
            return null;
        }

        var issuedAt = BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(IssuedAtOffset, sizeof(long)));
        if (issuedAt < 0 || issuedAt > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return null;
        }

        return (new UserId(new Guid(bytes.Slice(1, IdLength), bigEndian: true)),
            new Guid(bytes.Slice(1 + IdLength, IdLength), bigEndian: true),
            BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(ValueOffset, sizeof(long))),
            DateTimeOffset.FromUnixTimeSeconds(issuedAt));
    }
}
