using Latch.Application.Common.Interfaces;
using Latch.Domain.Lockout;
using Latch.Domain.Users;

namespace Latch.Application.Auth.Common;

/// <summary>
/// OWASP's device cookies (ADR 0010): a sign-in that presents a device token issued to this very account, for its
/// current password and not expired, is checked under that device's own failure budget instead of the email's. So an
/// attacker who keeps the email in its back-off cannot keep the owner out of a device that has signed in before,
/// while the attacker, with no such token, stays throttled. Any other token — another account's, expired, from
/// before a password change, forged, malformed — is ignored: the sign-in counts as one from a new device.
/// </summary>
internal sealed class DeviceTrust(IDeviceTokenCodec codec)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(90);

    /// <summary>The budget this sign-in is checked under: the device's own, or the email's.</summary>
    /// <remarks>
    /// No lower bound on the issue time: the MAC proves the token is ours, so one dated a little ahead can only come
    /// from another instance's clock.
    /// </remarks>
    public AttemptKey BudgetFor(Email email, User? user, string? deviceToken, DateTimeOffset now)
    {
        if (user is not null && deviceToken is not null && codec.Read(deviceToken) is { } device &&
            device.UserId == user.Id && device.CredentialVersion == user.CredentialVersion &&
            now - device.IssuedAt < Lifetime)
        {
            return AttemptKey.ForDevice(device.DeviceId);
        }

        return AttemptKey.ForEmail(email);
    }

    public string Issue(User user, DateTimeOffset now) => codec.Mint(user.Id, user.CredentialVersion, now);
}
