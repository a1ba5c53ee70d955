using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;

namespace Latch.Infrastructure.Security.Tokens;

/// <summary>
/// Refresh tokens: <c>base64url(version ‖ session id ‖ generation ‖ 256-bit secret ‖ MAC)</c>.
/// The MAC (HMAC-SHA-256, truncated to 128 bits, under a key derived from the pepper) proves a token was
/// minted here, so an old generation can be recognised as reuse and a forged one cannot end a session.
/// The store keeps only SHA-256 of the current secret, and the current token sealed with AES-GCM under a
/// key derived from the previous secret: only the holder of the previous token can open it.
/// </summary>
internal sealed class RefreshTokenCodec(byte[] macKey) : IRefreshTokenCodec
{
    private const byte Version = 1;
    private const int IdLength = 16;
    private const int SecretLength = 32;
    private const int MacLength = MacFramedToken.MacLength;
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int SignedLength = 1 + IdLength + sizeof(long) + SecretLength;
    private const int TokenLength = SignedLength + MacLength;
    private static readonly byte[] SealLabel = Encoding.UTF8.GetBytes("latch/successor-seal/v1");

    public MintedRefreshToken Mint(SessionId sessionId, long generation)
    {
        Span<byte> token = stackalloc byte[TokenLength];
        token[0] = Version;
        sessionId.Value.TryWriteBytes(token.Slice(1, IdLength), bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(1 + IdLength, sizeof(long)), generation);
        var secret = token.Slice(1 + IdLength + sizeof(long), SecretLength);
        RandomNumberGenerator.Fill(secret);
        return new MintedRefreshToken(MacFramedToken.Seal(macKey, token), SHA256.HashData(secret));
    }

    public PresentedRefreshToken? Read(string token)
    {
        Span<byte> bytes = stackalloc byte[TokenLength];
        if (!MacFramedToken.TryOpen(token, macKey, Version, bytes))
        {
            return null;
        }

        var id = new Guid(bytes.Slice(1, IdLength), bigEndian: true);
        var generation = BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(1 + IdLength, sizeof(long)));
        var secret = bytes.Slice(1 + IdLength + sizeof(long), SecretLength).ToArray();
        return new PresentedRefreshToken(new SessionId(id), generation, secret, token);
    }

    public bool Matches(PresentedRefreshToken presented, byte[] secretHash)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(presented.Secret.Span, hash);
        return CryptographicOperations.FixedTimeEquals(hash, secretHash);
    }

    public byte[] SealSuccessor(string successorToken, PresentedRefreshToken predecessor)
    {
        var plaintext = Encoding.ASCII.GetBytes(successorToken);
        var sealedBytes = new byte[NonceLength + plaintext.Length + TagLength];
        var nonce = sealedBytes.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(SealKey(predecessor), TagLength);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceLength, plaintext.Length),
            sealedBytes.AsSpan(NonceLength + plaintext.Length), AssociatedData(predecessor));
        return sealedBytes;
    }

    public string? OpenSuccessor(byte[] sealedSuccessor, PresentedRefreshToken predecessor)
    {
        if (sealedSuccessor.Length <= NonceLength + TagLength)
        {
            return null;
        }

        var length = sealedSuccessor.Length - NonceLength - TagLength;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(SealKey(predecessor), TagLength);
            aes.Decrypt(sealedSuccessor.AsSpan(0, NonceLength), sealedSuccessor.AsSpan(NonceLength, length),
                sealedSuccessor.AsSpan(NonceLength + length), plaintext, AssociatedData(predecessor));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return Encoding.ASCII.GetString(plaintext);
    }

    private static byte[] SealKey(PresentedRefreshToken predecessor) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, predecessor.Secret.Span.ToArray(), 32, salt: [], info: SealLabel);

    // Binds the sealed successor to its session and generation: it cannot be moved to another row.
    private static byte[] AssociatedData(PresentedRefreshToken predecessor)
    {
        var data = new byte[IdLength + sizeof(long)];
        predecessor.SessionId.Value.TryWriteBytes(data, bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(IdLength), predecessor.Generation);
        return data;
    }
}
