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

    public string Mint(UserId userId, long credentialVersion, DateTimeOffset now) =>
        SubjectTicketFrame.Mint(macKey, Version, userId, credentialVersion, now);

    public DeviceToken? Read(string token) =>
        SubjectTicketFrame.Read(token, macKey, Version) is { } read
            ? new DeviceToken(read.UserId, read.Id, read.Value, read.IssuedAt)
            : null;
}
