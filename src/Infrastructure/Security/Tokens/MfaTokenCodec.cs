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

    public string Mint(UserId userId, long factorState, DateTimeOffset now) =>
        SubjectTicketFrame.Mint(macKey, Version, userId, factorState, now);

    public MfaTicket? Read(string token) =>
        SubjectTicketFrame.Read(token, macKey, Version) is { } read
            ? new MfaTicket(read.UserId, read.Id, read.Value, read.IssuedAt)
            : null;
}
