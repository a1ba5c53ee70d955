namespace Latch.Domain.Passwords;

/// <summary>
/// The structural weaknesses NIST SP 800-63B (section 3.1.1.2) names besides breach lists: repetitive and sequential
/// characters, keyboard walks, repeated words. Checked on the password case-folded and without white space, as code
/// points, so that <c>Password Password</c> and <c>PASSWORDpassword</c> are the repetition they are.
/// </summary>
internal static class PasswordPatterns
{
    /// <summary>Fewer distinct characters than this make a password of any length a handful of guesses.</summary>
    private const int MinDistinct = 5;

    /// <summary>Characters a repetition may leave over or put between (<c>passwordpassword1!</c>, <c>password-password</c>).</summary>
    private const int RepetitionSlack = 3;

    /// <summary>
    /// Orders in which a next character is predictable from the one before, read both ways: the alphabet, the digits
    /// (cyclic, so <c>…890123…</c> runs on), and the US keyboard's rows, columns and the usual zig-zag walks.
    /// </summary>
    private static readonly string[] Orders =
    [
        "abcdefghijklmnopqrstuvwxyz",
        "01234567890",
        "`1234567890-=",
        "~!@#$%^&*()_+",
        "qwertyuiop[]\\",
        "asdfghjkl;'",
        "zxcvbnm,./",
        "qwertyuiopasdfghjklzxcvbnm",
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/-['=]",
        "qazwsxedcrfvtgbyhnujmikolp",
        "1q2w3e4r5t6y7u8i9o0p",
        "q1w2e3r4t5y6u7i8o9p0",
        "qawsedrftgyhujikolp;",
        "azsxdcfvgbhnjmk,l.;/",
    ];

    private static readonly HashSet<(int, int)> Steps = BuildSteps();

    /// <summary>
    /// A shorter string repeated, with at most a few characters left over, where that string alone would be too short
    /// to be allowed (<c>passwordpassword</c>, <c>abcabcabc…</c>); or almost only the same few characters.
    /// </summary>
    public static bool IsRepetitive(int[] folded, int minLength)
    {
        if (folded.Distinct().Count() < MinDistinct)
        {
            return true;
        }

        var n = folded.Length;
        for (var period = 1; period <= (n + RepetitionSlack) / 2 && period < minLength; period++)
        {
            var run = 0;
            for (var i = 0; i + period < n; i++)
            {
                run = folded[i] == folded[i + period] ? run + 1 : 0;
                var span = run + period;
                if (span >= 2 * period - RepetitionSlack && span >= n - RepetitionSlack)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Mostly predictable: split into runs in which each character repeats the one before or follows it in one of the
    /// <see cref="Orders"/>, a password of fewer than a third as many runs as characters is a sequence or a keyboard walk
    /// (<c>123456789012345</c>: one run; <c>qwertyuiopasdfgh</c>: one; <c>1234abcd5678efgh</c>: four).
    /// </summary>
    public static bool IsSequential(int[] folded)
    {
        var runs = folded.Length == 0 ? 0 : 1;
        for (var i = 1; i < folded.Length; i++)
        {
            if (folded[i] != folded[i - 1] && !Steps.Contains((folded[i - 1], folded[i])))
            {
                runs++;
            }
        }

        return runs * 3 < folded.Length;
    }

    /// <summary>The password as the pattern checks read it: lower-cased code points, white space left out.</summary>
    public static int[] Fold(string normalized)
    {
        var folded = new List<int>(normalized.Length);
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (!System.Text.Rune.IsWhiteSpace(rune))
            {
                folded.Add(System.Text.Rune.ToLowerInvariant(rune).Value);
            }
        }

        return [.. folded];
    }

    private static HashSet<(int, int)> BuildSteps()
    {
        var steps = new HashSet<(int, int)>();
        foreach (var order in Orders)
        {
            for (var i = 1; i < order.Length; i++)
            {
                steps.Add((order[i - 1], order[i]));
                steps.Add((order[i], order[i - 1]));
            }
        }

        return steps;
    }
}
