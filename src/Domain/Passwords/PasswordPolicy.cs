using Latch.Domain.Common;
using Latch.Domain.Common.Unicode;

namespace Latch.Domain.Passwords;

/// <summary>
/// NIST SP 800-63B rev. 4 rules: a length floor and ceiling counted in Unicode code points after NFKC
/// normalisation, no composition rules, no truncation, and refusal of common passwords and of passwords
/// that contain the account's own email local part.
/// </summary>
public sealed class PasswordPolicy
{
    public const int MaxLength = 128;
    public const int LowestMinLength = 8;
    public const int HighestMinLength = 64;

    /// <summary>Local parts shorter than this are too common a substring to refuse on.</summary>
    private const int MinLocalPartToMatch = 3;

    public PasswordPolicy(int minLength)
    {
        if (minLength is < LowestMinLength or > HighestMinLength)
        {
            throw new ArgumentOutOfRangeException(nameof(minLength), minLength,
                $"The minimum password length must be between {LowestMinLength} and {HighestMinLength}.");
        }

        MinLength = minLength;
    }

    public int MinLength { get; }

    /// <summary>
    /// The form a password is compared and hashed in: precomposed and decomposed letters are one password.
    /// A managed NFKC, because the hosts run with invariant globalization (no ICU on Lambda), where
    /// <c>string.Normalize</c> leaves non-ASCII text unchanged.
    /// </summary>
    public static string Normalize(string password) => Nfkc.Normalize(password);

    /// <summary>Every rule the password breaks, as messages safe to show; empty when it is acceptable.</summary>
    public IReadOnlyList<string> Check(string password, string? emailLocalPart, Func<string, bool> isCommon)
    {
        ArgumentNullException.ThrowIfNull(isCommon);
        if (Text.HasLoneSurrogate(password))
        {
            return ["Password must be valid Unicode text."];
        }

        var normalized = Normalize(password);
        var length = normalized.EnumerateRunes().Count();
        if (length < MinLength)
        {
            return [$"Password must be at least {MinLength} characters."];
        }

        if (length > MaxLength)
        {
            return [$"Password must be at most {MaxLength} characters."];
        }

        var problems = new List<string>(2);
        if (isCommon(normalized))
        {
            problems.Add("Password is too common; choose one that is harder to guess.");
        }

        if (emailLocalPart is { Length: >= MinLocalPartToMatch } &&
            normalized.Contains(emailLocalPart, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("Password must not contain your email address.");
        }

        return problems;
    }

    /// <summary>The same check, as a result for the named field.</summary>
    public Result Validate(string password, string? emailLocalPart, Func<string, bool> isCommon, string field)
    {
        var problems = Check(password, emailLocalPart, isCommon);
        return problems.Count == 0
            ? Result.Success()
            : Error.Validation(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [.. problems] });
    }
}
