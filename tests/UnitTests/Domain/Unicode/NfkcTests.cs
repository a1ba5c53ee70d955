using System.Globalization;
using System.Text;
using Latch.Domain.Common.Unicode;

namespace Latch.UnitTests.Domain.Unicode;

public sealed class NfkcTests
{
    [Fact]
    public void Precomposed_and_decomposed_e_acute_are_the_same() =>
        Assert.Equal("caf\u00e9", Nfkc.Normalize("cafe\u0301"));

    [Theory]
    [InlineData("\uFF21\uFF22\uFF23", "ABC")]            // fullwidth letters
    [InlineData("\uFB01", "fi")]                         // ligature
    [InlineData("\u2460", "1")]                          // circled digit
    [InlineData("\u00BD", "1\u20442")]                   // vulgar fraction: compatibility to FRACTION SLASH
    [InlineData("\u00A0", " ")]                          // no-break space
    [InlineData("\u2126", "\u03A9")]                     // ohm sign is a canonical singleton
    [InlineData("\u212B", "\u00C5")]                     // angstrom sign recomposes to A-ring
    [InlineData("\uFDFA", "\u0635\u0644\u0649 \u0627\u0644\u0644\u0647 \u0639\u0644\u064A\u0647 \u0648\u0633\u0644\u0645")]
    [InlineData("\U0001D400", "A")]                      // mathematical bold capital A, a supplementary code point
    [InlineData("\u1E9B\u0323", "\u1E69")]               // UAX #15 figure 6: long s with dot above and dot below
    [InlineData("\u0958", "\u0915\u093C")]               // composition exclusion stays decomposed
    [InlineData("a\u0316\u0301", "\u00E1\u0316")]        // acute reaches the starter past a lower-class mark
    [InlineData("a\u0301\u0301", "\u00E1\u0301")]        // the second acute is blocked by the first
    [InlineData("\u0301a", "\u0301a")]                   // a leading mark has no starter to join
    public void Compatibility_and_canonical_forms_fold(string input, string expected) =>
        Assert.Equal(expected, Nfkc.Normalize(input));

    [Fact]
    public void Hangul_decomposes_and_recomposes_algorithmically()
    {
        Assert.Equal("\uAC01", Nfkc.Normalize("\u1100\u1161\u11A8"));   // L V T
        Assert.Equal("\uAC00\u11A7", Nfkc.Normalize("\u1100\u1161\u11A7")); // U+11A7 is not a T
        Assert.Equal("\uAC00", Nfkc.Normalize("\u3131\u314F"));          // compatibility jamo
        Assert.Equal("\uD7A3", Nfkc.Normalize("\u1112\u1175\u11C2"));   // the last syllable
        const string syllables = "\uAC00\uAC01\uD7A3";
        Assert.Same(syllables, Nfkc.Normalize(syllables));
    }

    [Theory]
    [InlineData("")]
    [InlineData("correct horse battery staple")]
    [InlineData("caf\u00e9 \uD55C\uAD6D\uC5B4 \U0001F600")]
    public void Normalized_text_comes_back_as_the_same_instance(string input) =>
        Assert.Same(input, Nfkc.Normalize(input));

    [Fact]
    public void Text_the_quick_check_cannot_settle_comes_back_as_the_same_instance_when_unchanged()
    {
        var input = new string(['e', '\u0300', '\u0304', 'x']); // NFKC_QC Maybe marks after a starter they cannot join
        Assert.Equal("\u00E8", Nfkc.Normalize("e\u0300"));
        Assert.Equal("\u00E8\u0304x", Nfkc.Normalize(input));
        var unchanged = new string(['\u00E8', '\u0304', 'x']);
        Assert.Same(unchanged, Nfkc.Normalize(unchanged));
    }

    [Theory]
    [InlineData("\uD800")]
    [InlineData("a\uDC00b")]
    [InlineData("\uDC00\uD800")]
    [InlineData("\uD800\u0301")]
    public void Lone_surrogates_are_left_untouched(string input) =>
        Assert.Equal(input, Nfkc.Normalize(input));

    [Fact]
    public void Lone_surrogates_do_not_stop_the_rest_from_normalising() =>
        Assert.Equal("\uD800\u00E9\uDC00A", Nfkc.Normalize("\uD800e\u0301\uDC00\uFF21"));

    [Theory]
    [InlineData(10)]     // insertion sort
    [InlineData(1000)]   // counting sort
    public void Long_runs_of_marks_are_ordered_stably(int pairs)
    {
        var input = new StringBuilder("a");
        for (var i = 0; i < pairs; i++)
        {
            input.Append("\u0301\u0316"); // class 230, then class 220
        }

        var expected = "\u00E1" + new string('\u0316', pairs) + new string('\u0301', pairs - 1);
        Assert.Equal(expected, Nfkc.Normalize(input.ToString()));
    }

    [Fact]
    public void A_huge_input_of_marks_is_handled_in_linear_time()
    {
        var input = "a" + string.Concat(Enumerable.Repeat("\u0301\u0316", 200_000));
        var result = Nfkc.Normalize(input);
        Assert.Equal(input.Length - 1, result.Length);
    }

    [Fact]
    public void IsNormalized_answers_without_ICU()
    {
        Assert.True(Nfkc.IsNormalized("ascii"));
        Assert.True(Nfkc.IsNormalized("caf\u00e9"));
        Assert.False(Nfkc.IsNormalized("cafe\u0301"));
        Assert.False(Nfkc.IsNormalized("\uFB01"));
        Assert.True(Nfkc.IsNormalized("\u00E8\u0304"));
    }

    [Fact]
    public void Null_is_rejected() => Assert.Throws<ArgumentNullException>(() => Nfkc.Normalize(null!));

    // Conformance: NormalizationTest.txt of the same Unicode version as the tables.

    [Fact]
    public void The_conformance_file_is_for_the_tables_version()
    {
        var header = File.ReadLines(ConformanceFile.Path).First();
        Assert.Equal($"# NormalizationTest-{Nfkc.UnicodeVersion}.txt", header);
    }

    [Fact]
    public void Every_conformance_line_satisfies_the_NFKC_invariants()
    {
        // c4 == toNFKC(c1) == toNFKC(c2) == toNFKC(c3) == toNFKC(c4) == toNFKC(c5)
        var failures = new List<string>();
        foreach (var line in ConformanceFile.Lines)
        {
            var nfkc = line.Columns[3];
            for (var column = 0; column < 5; column++)
            {
                var actual = Nfkc.Normalize(line.Columns[column]);
                if (!string.Equals(actual, nfkc, StringComparison.Ordinal))
                {
                    failures.Add($"line {line.Number}: NFKC(c{column + 1}) = {Hex(actual)}, expected {Hex(nfkc)}");
                }

                var isNormalized = string.Equals(line.Columns[column], nfkc, StringComparison.Ordinal);
                if (Nfkc.IsNormalized(line.Columns[column]) != isNormalized)
                {
                    failures.Add($"line {line.Number}: IsNormalized(c{column + 1}) should be {isNormalized}");
                }
            }

            if (!ReferenceEquals(Nfkc.Normalize(nfkc), nfkc))
            {
                failures.Add($"line {line.Number}: NFKC(c4) is not the same instance");
            }
        }

        Assert.True(ConformanceFile.Lines.Count >= 19_000, $"only {ConformanceFile.Lines.Count} lines parsed");
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(50)));
    }

    [Fact]
    public void Every_code_point_not_listed_in_part_1_maps_to_itself()
    {
        var listed = ConformanceFile.Part1CodePoints;
        var failures = new List<string>();
        var checkedCount = 0;
        for (var cp = 0; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF || listed.Contains(cp))
            {
                continue;
            }

            var text = char.ConvertFromUtf32(cp);
            checkedCount++;
            if (!ReferenceEquals(Nfkc.Normalize(text), text) || !Nfkc.IsNormalized(text))
            {
                failures.Add($"U+{cp:X4}");
            }
        }

        Assert.True(listed.Count > 10_000, $"only {listed.Count} part 1 code points parsed");
        Assert.Equal(0x110000 - 0x800 - listed.Count, checkedCount);
        Assert.True(failures.Count == 0, string.Join(' ', failures.Take(100)));
    }

    private static string Hex(string text)
    {
        var builder = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            builder.Append(CultureInfo.InvariantCulture, $"{rune.Value:X4} ");
        }

        return builder.ToString().TrimEnd();
    }

    private sealed record ConformanceLine(int Number, string Part, string[] Columns);

    private static class ConformanceFile
    {
        public static readonly string Path = System.IO.Path.Combine(AppContext.BaseDirectory, "Data", "NormalizationTest.txt");

        public static readonly List<ConformanceLine> Lines = Parse();

        public static readonly HashSet<int> Part1CodePoints =
            [.. Lines.Where(l => l.Part == "@Part1").Select(l => char.ConvertToUtf32(l.Columns[0], 0))];

        private static List<ConformanceLine> Parse()
        {
            var lines = new List<ConformanceLine>();
            var part = "";
            var number = 0;
            foreach (var raw in File.ReadLines(Path))
            {
                number++;
                var hash = raw.IndexOf('#');
                var line = hash >= 0 ? raw[..hash] : raw;
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                if (line.StartsWith('@'))
                {
                    part = line.Trim();
                    continue;
                }

                var columns = line.Split(';')[..5].Select(Decode).ToArray();
                lines.Add(new ConformanceLine(number, part, columns));
            }

            return lines;
        }

        private static string Decode(string column)
        {
            var builder = new StringBuilder();
            foreach (var hex in column.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                builder.Append(char.ConvertFromUtf32(int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }

            return builder.ToString();
        }
    }
}
