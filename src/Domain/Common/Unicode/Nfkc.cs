using System.Buffers;

namespace Latch.Domain.Common.Unicode;

/// <summary>
/// Unicode Normalization Form KC (UAX #15) in managed code, from tables generated out of the Unicode Character
/// Database (see <c>NfkcData.g.cs</c> for the version). It exists because the service runs with invariant
/// globalization, where <see cref="string.Normalize(System.Text.NormalizationForm)"/> leaves non-ASCII text
/// alone, and NIST SP 800-63B wants passwords NFKC-normalised before hashing. It needs neither ICU nor
/// reflection, allocates nothing at type load and is safe under trimming and Native AOT.
/// </summary>
/// <remarks>
/// A lone surrogate is kept as it is and treated as a starter that neither decomposes nor composes: validating
/// UTF-16 is the callers' job. Working buffers are cleared before they are released, since the input is
/// usually a password.
/// </remarks>
public static class Nfkc
{
    /// <summary>The Unicode version of the tables.</summary>
    public const string UnicodeVersion = NfkcData.UnicodeVersion;

    // Hangul syllable arithmetic (The Unicode Standard, section 3.12).
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    // Record layout: see NfkcData.g.cs.
    private const int QuickCheckShift = 8, LengthShift = 11, OffsetShift = 16;
    private const uint CombiningClassMask = 0xFF, QuickCheckMask = 3, SecondFlag = 1 << 10, LengthMask = 0x1F;
    private const uint QuickCheckNo = 1, QuickCheckMaybe = 2;

    // A working element packs the code point (21 bits), its combining class and whether it may compose with a
    // preceding starter, so each code point is looked up once.
    private const int CodePointMask = 0x1F_FFFF, CombiningClassShift = 21, ElementSecondFlag = 1 << 29;

    private const int StackCodePoints = 256;
    private const int StackChars = 512;

    // Insertion sort orders a short run of combining marks; a longer one gets a linear counting sort, so a
    // hostile input of many marks cannot make normalisation quadratic.
    private const int InsertionSortLimit = 32;

    /// <summary>
    /// Returns <paramref name="value"/> in NFKC: compatibility decomposition, canonical ordering, then canonical
    /// composition. When the text is already in NFKC (all ASCII, for one), the same instance is returned.
    /// </summary>
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var start = value.AsSpan().IndexOfAnyExceptInRange('\0', '\u007F');
        if (start < 0 || QuickCheck(value, start) == QuickCheckResult.Yes)
        {
            return value;
        }

        return NormalizeSlow(value);
    }

    /// <summary>Whether <paramref name="value"/> is already in NFKC.</summary>
    public static bool IsNormalized(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var start = value.AsSpan().IndexOfAnyExceptInRange('\0', '\u007F');
        return start < 0 || QuickCheck(value, start) switch
        {
            QuickCheckResult.Yes => true,
            QuickCheckResult.No => false,
            _ => ReferenceEquals(NormalizeSlow(value), value),
        };
    }

    private enum QuickCheckResult
    {
        Yes,
        No,
        Maybe,
    }

    /// <summary>The NFKC quick check of UAX #15 section 9, from the first non-ASCII index on.</summary>
    private static QuickCheckResult QuickCheck(ReadOnlySpan<char> text, int start)
    {
        var result = QuickCheckResult.Yes;
        uint lastClass = 0;
        for (var i = start; i < text.Length; i++)
        {
            int cp = text[i];
            if (cp < 0x80)
            {
                lastClass = 0;
                continue;
            }

            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            var record = Record(cp);
            var combiningClass = record & CombiningClassMask;
            if (combiningClass != 0 && lastClass > combiningClass)
            {
                return QuickCheckResult.No;
            }

            var check = (record >> QuickCheckShift) & QuickCheckMask;
            if (check == QuickCheckNo)
            {
                return QuickCheckResult.No;
            }

            if (check == QuickCheckMaybe)
            {
                result = QuickCheckResult.Maybe;
            }

            lastClass = combiningClass;
        }

        return result;
    }

    private static string NormalizeSlow(string value)
    {
        var capacity = DecomposedCapacity(value);
        int[]? rented = null;
        var buffer = capacity <= StackCodePoints
            ? stackalloc int[StackCodePoints]
            : (rented = ArrayPool<int>.Shared.Rent(capacity));
        try
        {
            var count = Decompose(value, buffer);
            OrderCanonically(buffer[..count]);
            count = Compose(buffer[..count]);
            return ToStringOrSame(value, buffer[..count]);
        }
        finally
        {
            buffer[..capacity].Clear();
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    /// <summary>An upper bound of the number of code points the full decomposition of the text has.</summary>
    private static int DecomposedCapacity(ReadOnlySpan<char> text)
    {
        var capacity = 0;
        for (var i = 0; i < text.Length; i++)
        {
            int cp = text[i];
            if (cp < 0x80)
            {
                capacity++;
                continue;
            }

            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            // A decomposition has no more code points than UTF-16 code units; a Hangul syllable has 2 or 3.
            var length = (uint)(cp - SBase) < SCount ? 3 : Math.Max((int)((Record(cp) >> LengthShift) & LengthMask), 1);
            capacity = checked(capacity + length);
        }

        return capacity;
    }

    private static int Decompose(ReadOnlySpan<char> text, Span<int> buffer)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            int cp = text[i];
            if (cp < 0x80)
            {
                buffer[count++] = cp;
                continue;
            }

            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            var s = cp - SBase;
            if ((uint)s < SCount)
            {
                // Jamo have no decomposition, class 0, and are seconds only for V and T.
                buffer[count++] = LBase + (s / NCount);
                buffer[count++] = (VBase + (s % NCount / TCount)) | ElementSecondFlag;
                if (s % TCount != 0)
                {
                    buffer[count++] = (TBase + (s % TCount)) | ElementSecondFlag;
                }

                continue;
            }

            var record = Record(cp);
            var length = (int)((record >> LengthShift) & LengthMask);
            if (length == 0)
            {
                buffer[count++] = Element(cp, record);
                continue;
            }

            var mapping = NfkcData.Decompositions.Slice((int)(record >> OffsetShift), length);
            for (var j = 0; j < mapping.Length; j++)
            {
                int d = mapping[j];
                if (char.IsHighSurrogate((char)d))
                {
                    d = char.ConvertToUtf32((char)d, (char)mapping[++j]);
                }

                buffer[count++] = Element(d, Record(d));
            }
        }

        return count;
    }

    /// <summary>Stable-sorts every run of non-starters by combining class (UAX #15 section 3.11, D108).</summary>
    private static void OrderCanonically(Span<int> elements)
    {
        var i = 0;
        while (i < elements.Length)
        {
            if (CombiningClass(elements[i]) == 0)
            {
                i++;
                continue;
            }

            var end = i + 1;
            while (end < elements.Length && CombiningClass(elements[end]) != 0)
            {
                end++;
            }

            if (end - i > 1)
            {
                SortRun(elements[i..end]);
            }

            i = end;
        }
    }

    private static void SortRun(Span<int> run)
    {
        if (run.Length <= InsertionSortLimit)
        {
            for (var i = 1; i < run.Length; i++)
            {
                var element = run[i];
                var combiningClass = CombiningClass(element);
                var j = i;
                while (j > 0 && CombiningClass(run[j - 1]) > combiningClass)
                {
                    run[j] = run[j - 1];
                    j--;
                }

                run[j] = element;
            }

            return;
        }

        // A counting sort by class: stable, and linear in the length of the run.
        var rented = ArrayPool<int>.Shared.Rent(run.Length);
        var copy = rented.AsSpan(0, run.Length);
        try
        {
            run.CopyTo(copy);
            Span<int> next = stackalloc int[256];
            foreach (var element in copy)
            {
                next[CombiningClass(element)]++;
            }

            var total = 0;
            for (var combiningClass = 0; combiningClass < next.Length; combiningClass++)
            {
                var count = next[combiningClass];
                next[combiningClass] = total;
                total += count;
            }

            foreach (var element in copy)
            {
                run[next[CombiningClass(element)]++] = element;
            }
        }
        finally
        {
            copy.Clear();
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    /// <summary>Canonical composition (UAX #15 section 3.11, D117) in place; returns the new length.</summary>
    private static int Compose(Span<int> elements)
    {
        var starter = -1;
        var count = 0;
        for (var i = 0; i < elements.Length; i++)
        {
            var element = elements[i];
            var combiningClass = CombiningClass(element);

            // After canonical ordering everything between the starter and here is a non-starter of a class no
            // higher than the last one kept, so the character is unblocked exactly when it follows the starter
            // directly or has a higher class than the last character kept.
            if (starter >= 0 && (element & ElementSecondFlag) != 0 &&
                (count - 1 == starter || CombiningClass(elements[count - 1]) < combiningClass))
            {
                var composite = Composite(elements[starter] & CodePointMask, element & CodePointMask);
                if (composite >= 0)
                {
                    // Every primary composite is a starter (class 0).
                    elements[starter] = composite;
                    continue;
                }
            }

            if (combiningClass == 0)
            {
                starter = count;
            }

            elements[count++] = element;
        }

        return count;
    }

    /// <summary>The primary composite of a starter and a following character, or -1.</summary>
    private static int Composite(int first, int second)
    {
        var l = first - LBase;
        if ((uint)l < LCount)
        {
            var v = second - VBase;
            return (uint)v < VCount ? SBase + (((l * VCount) + v) * TCount) : -1;
        }

        var s = first - SBase;
        if ((uint)s < SCount)
        {
            var t = second - TBase;
            return s % TCount == 0 && t > 0 && t < TCount ? first + t : -1;
        }

        var key = ((ulong)(uint)first << 21) | (uint)second;
        var table = NfkcData.Compositions;
        int low = 0, high = table.Length - 1;
        while (low <= high)
        {
            var middle = (int)((uint)(low + high) >> 1);
            var entryKey = table[middle] >> 21;
            if (entryKey == key)
            {
                return (int)(table[middle] & CodePointMask);
            }

            if (entryKey < key)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    private static string ToStringOrSame(string original, ReadOnlySpan<int> elements)
    {
        var length = 0;
        foreach (var element in elements)
        {
            length += (element & CodePointMask) > 0xFFFF ? 2 : 1;
        }

        char[]? rented = null;
        var chars = length <= StackChars
            ? stackalloc char[StackChars]
            : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var at = 0;
            foreach (var element in elements)
            {
                var cp = element & CodePointMask;
                if (cp > 0xFFFF)
                {
                    chars[at++] = (char)(0xD7C0 + (cp >> 10));
                    chars[at++] = (char)(0xDC00 + (cp & 0x3FF));
                }
                else
                {
                    // Lone surrogates come through here as they went in.
                    chars[at++] = (char)cp;
                }
            }

            var result = chars[..length];
            return result.SequenceEqual(original) ? original : new string(result);
        }
        finally
        {
            chars[..length].Clear();
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static int Element(int cp, uint record) =>
        cp | (int)((record & CombiningClassMask) << CombiningClassShift) | ((record & SecondFlag) != 0 ? ElementSecondFlag : 0);

    private static int CombiningClass(int element) => (element >> CombiningClassShift) & 0xFF;

    private static uint Record(int cp)
    {
        if (cp >= NfkcData.Limit)
        {
            return 0;
        }

        var block = NfkcData.Index[cp >> NfkcData.Shift];
        return NfkcData.Records[NfkcData.Blocks[(block << NfkcData.Shift) | (cp & ((1 << NfkcData.Shift) - 1))]];
    }
}
