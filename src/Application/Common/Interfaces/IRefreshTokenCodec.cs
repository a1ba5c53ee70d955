using Latch.Domain.Sessions;

namespace Latch.Application.Common.Interfaces;

/// <summary>A refresh token just minted: the string the client gets, and the hash the store keeps.</summary>
public sealed record MintedRefreshToken(string Token, byte[] SecretHash);

/// <summary>A refresh token a client presented, already shown to be one this service minted.</summary>
public sealed record PresentedRefreshToken(SessionId SessionId, long Generation, ReadOnlyMemory<byte> Secret, string Token);

/// <summary>
/// Refresh-token cryptography: minting, authenticating, hashing, and sealing a successor so that only
/// the holder of its predecessor can open it.
/// </summary>
public interface IRefreshTokenCodec
{
    MintedRefreshToken Mint(SessionId sessionId, long generation);

    /// <summary>Null for anything this service did not mint (malformed, or a MAC that does not verify).</summary>
    PresentedRefreshToken? Read(string token);

    /// <summary>Whether the presented secret hashes to <paramref name="secretHash"/>, compared in constant time.</summary>
    bool Matches(PresentedRefreshToken presented, byte[] secretHash);

    byte[] SealSuccessor(string successorToken, PresentedRefreshToken predecessor);

    /// <summary>The successor sealed under <paramref name="predecessor"/>, or null when it does not open.</summary>
    string? OpenSuccessor(byte[] sealedSuccessor, PresentedRefreshToken predecessor);
}
