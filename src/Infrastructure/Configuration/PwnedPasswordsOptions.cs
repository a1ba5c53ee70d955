namespace Latch.Infrastructure.Configuration;

/// <summary>
/// The optional Pwned Passwords range check (<c>Passwords:PwnedPasswords</c>): off unless switched on, asked only when
/// a password is set.
/// </summary>
internal sealed class PwnedPasswordsOptions
{
    public bool Enabled { get; set; }

    /// <summary>The range API's base address; <c>/range/{first five hex digits of the SHA-1}</c> is appended.</summary>
    public string BaseUrl { get; set; } = "https://api.pwnedpasswords.com/";

    /// <summary>How long a lookup may take, connection included, before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>
    /// What a failed lookup (timeout, error status, no network) means: false (the default) lets the password through — the
    /// embedded lists have already been applied, and registration must not depend on a third party being up; true refuses
    /// it with <c>503 unavailable</c> and <c>Retry-After</c>.
    /// </summary>
    public bool FailClosed { get; set; }
}
