using Latch.Domain.Common;
using Latch.Domain.Common.Unicode;
using Latch.Domain.Users;

namespace Latch.Domain.Passwords;

/// <summary>
/// NIST SP 800-63B rev. 4 rules: a length floor and ceiling counted in Unicode code points after NFKC
/// normalisation, no composition rules, no truncation, and refusal of passwords an attacker tries first — common
/// and breached ones, repetitive and sequential ones and keyboard walks, and those built from the context (the
/// service's name, the account's email).
/// </summary>
public sealed class PasswordPolicy
{
    public const int MaxLength = 128;
    public const int LowestMinLength = 8;
    public const int HighestMinLength = 64;

    /// <summary>The whole local part is matched from this length; its pieces and the domain's labels from the next.</summary>
    private const int MinLocalPartToMatch = 3;

    private const int MinContextPieceToMatch = 4;

    private static readonly char[] LocalPartSeparators = ['.', '_', '-', '+'];

    private readonly string[] _serviceWords;

    /// <param name="minLength">The floor, between <see cref="LowestMinLength"/> and <see cref="HighestMinLength"/>.</param>
    /// <param name="serviceWords">The service's own names, refused inside passwords.</param>
    public PasswordPolicy(int minLength, IEnumerable<string>? serviceWords = null)
    {
        if (minLength is < LowestMinLength or > HighestMinLength)
        {
            throw new ArgumentOutOfRangeException(nameof(minLength), minLength,
                $"The minimum password length must be between {LowestMinLength} and {HighestMinLength}.");
        }

        MinLength = minLength;
        _serviceWords = [.. (serviceWords ?? []).Select(Compact).Where(w => w.Length >= MinLocalPartToMatch)];
    }

    public int MinLength { get; }

    /// <summary>
    /// The form a password is compared and hashed in: precomposed and decomposed letters are one password.
    /// A managed NFKC, because the hosts run with invariant globalization (no ICU on Lambda), where
    /// <c>string.Normalize</c> leaves non-ASCII text unchanged.
    /// </summary>
    public static string Normalize(string password) => Nfkc.Normalize(password);

    /// <summary>Every rule the password breaks, each with a message safe to show; empty when it is acceptable.</summary>
    /// <param name="password">As the client sent it.</param>
    /// <param name="email">The account's email, whose parts the password must not contain; null when not known.</param>
    /// <param name="isCommon">Membership of the NFKC-normalised password in the common and breached lists.</param>
    public IReadOnlyList<PasswordRefusal> Check(string password, Email? email, Func<string, bool> isCommon)
    {
        ArgumentNullException.ThrowIfNull(isCommon);
        if (Text.HasLoneSurrogate(password))
        {
            return [new(PasswordRule.InvalidText, "Password must be valid Unicode text.")];
        }

        var normalized = Normalize(password);
        var length = normalized.EnumerateRunes().Count();
        if (length < MinLength)
        {
            return [new(PasswordRule.TooShort, $"Password must be at least {MinLength} characters.")];
        }

        if (length > MaxLength)
        {
            return [new(PasswordRule.TooLong, $"Password must be at most {MaxLength} characters.")];
        }

        var refusals = new List<PasswordRefusal>(2);
        if (isCommon(normalized))
        {
            refusals.Add(new(PasswordRule.Common, "Password is too common; choose one that is harder to guess."));
        }

        var folded = PasswordPatterns.Fold(normalized);
        if (PasswordPatterns.IsRepetitive(folded, MinLength))
        {
            refusals.Add(new(PasswordRule.Repetitive, "Password must not be a repeated character, word or pattern."));
        }
        else if (PasswordPatterns.IsSequential(folded))
        {
            refusals.Add(new(PasswordRule.Sequential, "Password must not be a sequence of letters, digits or keyboard keys."));
        }

        if (ContextWord(normalized, email) is { } message)
        {
            refusals.Add(new(PasswordRule.Context, message));
        }

        return refusals;
    }

    /// <summary>The same check, as a result for the named field.</summary>
    public Result Validate(string password, Email? email, Func<string, bool> isCommon, string field)
    {
        var refusals = Check(password, email, isCommon);
        return refusals.Count == 0 ? Result.Success() : Refused(field, refusals);
    }

    /// <summary>A validation error for <paramref name="field"/> that names the rules as well as the messages.</summary>
    public static Error Refused(string field, IReadOnlyList<PasswordRefusal> refusals) =>
        Error.Validation(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [.. refusals.Select(r => r.Message)] },
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [.. refusals.Select(r => r.Rule)] });

    private static string Compact(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private string? ContextWord(string normalized, Email? email)
    {
        // Spaces do not hide a word: "lat ch" is still the service's name.
        var compact = Compact(normalized);
        bool Contains(string word) => compact.Contains(word, StringComparison.OrdinalIgnoreCase);

        if (_serviceWords.Any(Contains))
        {
            return "Password must not contain the name of this service.";
        }

        if (email is null)
        {
            return null;
        }

        var local = email.LocalPart;
        var domainLabels = email.Value[(local.Length + 1)..].Split('.');
        var emailWords = local.Length >= MinLocalPartToMatch ? new List<string> { local } : [];
        emailWords.AddRange(local.Split(LocalPartSeparators).Where(p => p.Length >= MinContextPieceToMatch));
        emailWords.AddRange(domainLabels[..^1].Where(l => l.Length >= MinContextPieceToMatch));
        return emailWords.Any(Contains) ? "Password must not contain your email address or parts of it." : null;
    }
}
