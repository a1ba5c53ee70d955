using Latch.Domain.Users;

namespace Latch.Domain.Lockout;

/// <summary>
/// What one failure budget belongs to: a normalised email (with or without an account), or one device token
/// (ADR 0009). The store keeps only a keyed hash of <see cref="Value"/>; a device key can never equal an email,
/// which always holds an <c>@</c>.
/// </summary>
public readonly record struct AttemptKey
{
    private AttemptKey(string value) => Value = value;

    public string Value { get; }

    public static AttemptKey ForEmail(Email email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return new AttemptKey(email.Value);
    }

    public static AttemptKey ForDevice(Guid deviceId) =>
        new("device:" + deviceId.ToString("N", System.Globalization.CultureInfo.InvariantCulture));
}
