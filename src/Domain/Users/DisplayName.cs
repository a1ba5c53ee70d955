using System.Globalization;
using System.Text;
using Latch.Domain.Common;

namespace Latch.Domain.Users;

/// <summary>A name to show: 1–64 characters after trimming, with no control or bidirectional-override characters.</summary>
public sealed class DisplayName : IEquatable<DisplayName>
{
    public const int MaxLength = 64;

    private DisplayName(string value) => Value = value;

    public string Value { get; }

    public static Result<DisplayName> Create(string? input, string field = "displayName")
    {
        var value = input?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            return Error.Validation(field, "Display name must not be empty.");
        }

        if (Text.HasLoneSurrogate(value) || value.EnumerateRunes().Any(IsForbidden))
        {
            return Error.Validation(field, "Display name must not contain control characters.");
        }

        var length = value.EnumerateRunes().Count();

        return length > MaxLength
            ? Error.Validation(field, $"Display name must be at most {MaxLength} characters.")
            : new DisplayName(value);
    }

    /// <summary>The default name on register: the email's local part, cut to fit.</summary>
    public static DisplayName FromEmail(Email email)
    {
        var local = email.LocalPart;
        var runes = local.EnumerateRunes().Take(MaxLength);
        return new DisplayName(string.Concat(runes.Select(r => r.ToString())));
    }

    public static DisplayName FromTrusted(string value) => new(value);

    public bool Equals(DisplayName? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as DisplayName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public override string ToString() => Value;

    // Control characters, line/paragraph separators, and the bidi controls used to disguise text.
    private static bool IsForbidden(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
        || rune.Value is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069 or 0x200E or 0x200F;
}
