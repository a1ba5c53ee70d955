using Latch.Domain.Users;

namespace Latch.Domain.Lockout;

/// <summary>
/// What one failure budget belongs to: a normalised email (with or without an account), or one device token
/// (ADR 0010). The store keeps only a keyed hash of <see cref="Value"/>; a device key can never equal an email,
/// which always holds an <c>@</c>.
/// </summary>
public readonly record struct AttemptKey
{
    private AttemptKey(string value, bool isDevice)
    {
        Value = value;
        IsDevice = isDevice;
    }

    public string Value { get; }

    /// <summary>A device token's own budget rather than an email's.</summary>
    public bool IsDevice { get; }

    public static AttemptKey ForEmail(Email email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return new AttemptKey(email.Value, isDevice: false);
    }

    /// <summary>One sign-in's second step (its <c>mfaToken</c>): the wrong codes it may still try.</summary>
    public static AttemptKey ForMfaChallenge(Guid challengeId) =>
        new("mfa:" + challengeId.ToString("N", System.Globalization.CultureInfo.InvariantCulture), isDevice: false);
    /// <summary>
    /// The consecutive wrong authenticator codes of one account, across sign-ins and budgets: a hard cap, not a back-off.
    /// </summary>
    public static AttemptKey ForSecondFactor(UserId userId) =>
        new("factor:" + userId.Value.ToString("N", System.Globalization.CultureInfo.InvariantCulture), isDevice: false);

    /// <summary>
    /// The budget of emails a mailbox may be sent on request (mail throttle), apart from its sign-in budget. Keyed by
    /// the mailbox the address delivers to rather than its spelling: a subaddress tag (<c>name+tag@</c>, RFC 5233)
    /// reaches the same inbox at nearly every provider, and Gmail ignores dots in the name, so each spelling having
    /// a budget of its own would let anyone send one inbox as many emails as they can invent spellings.
    /// </summary>
    public static AttemptKey ForMail(Email email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return new AttemptKey("mail:" + DeliveredMailbox(email.Value), isDevice: false);
    }

    private static string DeliveredMailbox(string address)
    {
        var at = address.LastIndexOf('@');
        var local = address[..at];
        var domain = address[(at + 1)..];
        var tag = local.IndexOf('+', StringComparison.Ordinal);
        if (tag >= 0)
        {
            local = local[..tag];
        }

        if (domain is "gmail.com" or "googlemail.com")
        {
            local = local.Replace(".", string.Empty, StringComparison.Ordinal);
            domain = "gmail.com";
        }

        return local + "@" + domain;
    }

    public static AttemptKey ForDevice(Guid deviceId) =>
        new("device:" + deviceId.ToString("N", System.Globalization.CultureInfo.InvariantCulture), isDevice: true);
}
