using System.Buffers;
using System.Globalization;
using System.Text;
using Latch.Domain.Common;

namespace Latch.Domain.Users;

/// <summary>
/// An email address in its normalised form: trimmed and lower-cased, so that two spellings of one
/// address are one account. Only the shape is checked; ownership is not this service's claim.
/// </summary>
public sealed class Email : IEquatable<Email>
{
    public const int MaxLength = 254;
    private const int MaxLocalPartLength = 64;

    private Email(string value) => Value = value;

    public string Value { get; }

    public string LocalPart => Value[..Value.IndexOf('@', StringComparison.Ordinal)];

    public static Result<Email> Create(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return Invalid("Email is required.");
        }

        var value = input.Trim().ToLowerInvariant();
        if (value.Length > MaxLength)
        {
            return Invalid($"Email must be at most {MaxLength} characters.");
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != value.LastIndexOf('@') || at > MaxLocalPartLength)
        {
            return Invalid("Email must have one '@' with a local part before it.");
        }

        var domain = value.AsSpan(at + 1);
        if (domain.IndexOf('.') <= 0 || domain[^1] == '.' || domain.Contains("..", StringComparison.Ordinal))
        {
            return Invalid("Email must have a domain with a dot in it.");
        }

        if (Text.HasLoneSurrogate(value) || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || HasInvisibleFormatCharacter(value))
        {
            return Invalid("Email must not contain spaces, control characters or invisible formatting characters.");
        }

        if (value.AsSpan().IndexOfAny(MailboxSyntax) >= 0 || LocalPartDotsAreWrong(value.AsSpan(0, at)))
        {
            return Invalid("Email must be a plain address (name@domain): no quotes, brackets, parentheses, commas, " +
                "semicolons, colons or backslashes, and no dot at either end of the name or two in a row.");
        }

        return new Email(value);
    }

    /// <summary>Rebuilds a value the store has already validated.</summary>
    public static Email FromTrusted(string normalised) => new(normalised);

    public bool Equals(Email? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as Email);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    /// <summary>
    /// Format characters (Unicode category Cf: zero-width spaces and joiners, soft hyphens, bidirectional controls,
    /// tags) render as nothing, so an address with one looks exactly like the address without it: a second account
    /// that passes for the first.
    /// </summary>
    private static bool HasInvisibleFormatCharacter(string value)
    {
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
            {
                return true;
            }
        }

        return false;
    }

    // Mail software reads these as a display name, a comment, a group or a list, so "x<victim@example.com>" or
    // "victim@example.com(x)" would be an account of its own whose mail reaches someone else's mailbox.
    private static readonly SearchValues<char> MailboxSyntax = SearchValues.Create("()<>[]\\,;:\"");

    private static bool LocalPartDotsAreWrong(ReadOnlySpan<char> local) =>
        local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal);

    private static Error Invalid(string message) => Error.Validation("email", message);
}
