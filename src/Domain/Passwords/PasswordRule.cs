namespace Latch.Domain.Passwords;

/// <summary>
/// The stable names of the password rules, as clients see them in a problem's <c>passwordRules</c>: a client may
/// branch on them, so they never change meaning.
/// </summary>
public static class PasswordRule
{
    /// <summary>Fewer code points than the configured minimum.</summary>
    public const string TooShort = "too_short";

    /// <summary>More than 128 code points.</summary>
    public const string TooLong = "too_long";

    /// <summary>Not valid Unicode text (a lone surrogate).</summary>
    public const string InvalidText = "invalid_text";

    /// <summary>On a list of common or breached passwords.</summary>
    public const string Common = "common";

    /// <summary>A shorter string repeated (<c>aaaa…</c>, <c>passwordpassword</c>), or nearly all the same few characters.</summary>
    public const string Repetitive = "repetitive";

    /// <summary>Mostly runs of consecutive letters, digits or keyboard keys (<c>abcd…</c>, <c>1234…</c>, <c>qwerty…</c>).</summary>
    public const string Sequential = "sequential";

    /// <summary>Contains a word of its context: the service's name, the email's local part or its parts, the email's domain.</summary>
    public const string Context = "context";

    /// <summary>Found in the Pwned Passwords breach corpus (only when that check is switched on).</summary>
    public const string Breached = "breached";
}

/// <summary>One rule a password breaks: its stable name and a message safe to show.</summary>
public sealed class PasswordRefusal(string rule, string message)
{
    /// <summary>One of the <see cref="PasswordRule"/> names.</summary>
    public string Rule { get; } = rule;

    public string Message { get; } = message;
}
