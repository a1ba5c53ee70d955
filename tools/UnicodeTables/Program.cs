using System.Globalization;
using System.Text;

namespace Latch.Tools.UnicodeTables;

/// <summary>
/// Generates the NFKC tables of <c>Latch.Domain.Common.Unicode.Nfkc</c> from the Unicode Character Database.
/// Usage: <c>dotnet run --project tools/UnicodeTables -- [ucd-directory] [output-file]</c>; the UCD directory
/// defaults to where Debian's <c>unicode-data</c> package installs it, the output to the Domain project.
/// </summary>
internal static class Program
{
    private const string DefaultUcdDirectory = "/usr/share/unicode";

    public static int Main(string[] args)
    {
        var ucdDirectory = args.Length > 0 ? args[0] : DefaultUcdDirectory;
        var output = args.Length > 1
            ? args[1]
            : Path.Combine(RepositoryRoot(), "src", "Domain", "Common", "Unicode", "NfkcData.g.cs");

        var ucd = Ucd.Load(ucdDirectory);
        var tables = NfkcTables.Build(ucd);
        File.WriteAllText(output, Emitter.Emit(ucd, tables), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        Console.WriteLine($"Unicode {ucd.Version}: wrote {output}");
        Console.WriteLine($"  trie shift {tables.Shift}, limit U+{tables.Limit:X4}: index {tables.Index.Length} x 2 B, " +
            $"blocks {tables.Blocks.Length} x 2 B");
        Console.WriteLine($"  records {tables.Records.Length} x 4 B, decomposition pool {tables.Pool.Length} x 2 B, " +
            $"compositions {tables.Compositions.Length} x 8 B");
        Console.WriteLine($"  table data {tables.ByteSize} bytes");
        return 0;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Latch.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository, or pass the output file.");
    }
}

/// <summary>The parts of the UCD that NFKC needs.</summary>
internal sealed class Ucd
{
    public const int CodePoints = 0x110000;

    public string Version { get; private set; } = "";

    public byte[] CombiningClass { get; } = new byte[CodePoints];

    /// <summary>The one-level decomposition mapping of UnicodeData.txt field 5, or null.</summary>
    public int[]?[] Decomposition { get; } = new int[CodePoints][];

    public bool[] IsCompatibility { get; } = new bool[CodePoints];

    /// <summary>NFKC_QC: 0 Yes, 1 No, 2 Maybe.</summary>
    public byte[] NfkcQuickCheck { get; } = new byte[CodePoints];

    public bool[] FullCompositionExclusion { get; } = new bool[CodePoints];

    public HashSet<int> CompositionExclusions { get; } = [];

    public static Ucd Load(string directory)
    {
        var ucd = new Ucd();
        ucd.ReadUnicodeData(Path.Combine(directory, "UnicodeData.txt"));
        ucd.ReadDerivedNormalizationProps(Path.Combine(directory, "DerivedNormalizationProps.txt"));
        ucd.ReadCompositionExclusions(Path.Combine(directory, "CompositionExclusions.txt"));
        return ucd;
    }

    private void ReadUnicodeData(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(';');
            var cp = Hex(fields[0]);
            CombiningClass[cp] = byte.Parse(fields[3], CultureInfo.InvariantCulture);
            var mapping = fields[5];
            if (mapping.Length == 0)
            {
                continue;
            }

            if (mapping[0] == '<')
            {
                IsCompatibility[cp] = true;
                mapping = mapping[(mapping.IndexOf('>', StringComparison.Ordinal) + 1)..];
            }

            Decomposition[cp] = [.. mapping.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Hex)];
        }
    }

    private void ReadDerivedNormalizationProps(string path)
    {
        foreach (var (first, last, fields, header) in DataLines(path))
        {
            if (header is not null && Version.Length == 0)
            {
                // "# DerivedNormalizationProps-15.0.0.txt"
                Version = header[(header.IndexOf('-', StringComparison.Ordinal) + 1)..header.LastIndexOf(".txt", StringComparison.Ordinal)];
                continue;
            }

            if (fields is null)
            {
                continue;
            }

            for (var cp = first; cp <= last; cp++)
            {
                switch (fields[1])
                {
                    case "NFKC_QC":
                        NfkcQuickCheck[cp] = fields[2] switch
                        {
                            "N" => 1,
                            "M" => 2,
                            _ => throw new InvalidDataException($"NFKC_QC value {fields[2]}"),
                        };
                        break;
                    case "Full_Composition_Exclusion":
                        FullCompositionExclusion[cp] = true;
                        break;
                    default:
                        break;
                }
            }
        }

        if (Version.Length == 0)
        {
            throw new InvalidDataException("No version header in DerivedNormalizationProps.txt.");
        }
    }

    private void ReadCompositionExclusions(string path)
    {
        foreach (var (first, last, fields, _) in DataLines(path))
        {
            if (fields is not null)
            {
                for (var cp = first; cp <= last; cp++)
                {
                    CompositionExclusions.Add(cp);
                }
            }
        }
    }

    /// <summary>Lines of a UCD property file as (first, last, fields) or, for the first comment line, its text.</summary>
    private static IEnumerable<(int First, int Last, string[]? Fields, string? Header)> DataLines(string path)
    {
        var first = true;
        foreach (var raw in File.ReadLines(path))
        {
            if (first)
            {
                first = false;
                yield return (0, -1, null, raw);
                continue;
            }

            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(';').Select(f => f.Trim()).ToArray();
            var range = fields[0].Split("..");
            yield return (Hex(range[0]), Hex(range[^1]), fields, null);
        }
    }

    private static int Hex(string text) => int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}

/// <summary>The packed tables; see the layout comment in the emitted file.</summary>
internal sealed class NfkcTables
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    public int Shift { get; private init; }

    public int Limit { get; private init; }

    public ushort[] Index { get; private init; } = [];

    public ushort[] Blocks { get; private init; } = [];

    public uint[] Records { get; private init; } = [];

    public ushort[] Pool { get; private init; } = [];

    public ulong[] Compositions { get; private init; } = [];

    public int MaxDecompositionLength { get; private init; }

    public int ByteSize => (Index.Length * 2) + (Blocks.Length * 2) + (Records.Length * 4) + (Pool.Length * 2) +
        (Compositions.Length * 8);

    public static NfkcTables Build(Ucd ucd)
    {
        CheckExclusions(ucd);
        var compositions = PrimaryComposites(ucd);
        var second = new bool[Ucd.CodePoints];
        foreach (var entry in compositions)
        {
            second[(int)((entry >> 21) & 0x1FFFFF)] = true;
        }

        // Hangul: a V joins a preceding L, a T a preceding LV; Nfkc composes those algorithmically.
        for (var cp = VBase; cp < VBase + VCount; cp++)
        {
            second[cp] = true;
        }

        for (var cp = TBase + 1; cp < TBase + TCount; cp++)
        {
            second[cp] = true;
        }

        var pool = new List<ushort>();
        var poolIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var recordIndex = new Dictionary<uint, ushort> { [0u] = 0 };
        var records = new List<uint> { 0u };
        var values = new ushort[Ucd.CodePoints];
        var maxLength = 0;
        var last = 0;
        for (var cp = 0; cp < Ucd.CodePoints; cp++)
        {
            uint length = 0, offset = 0;
            if (ucd.Decomposition[cp] is not null && !IsHangulSyllable(cp))
            {
                var utf16 = ToUtf16(FullDecomposition(ucd, cp));
                if (!poolIndex.TryGetValue(utf16, out var at))
                {
                    at = pool.Count;
                    poolIndex.Add(utf16, at);
                    pool.AddRange(utf16.Select(c => (ushort)c));
                }

                length = (uint)utf16.Length;
                offset = (uint)at;
                maxLength = Math.Max(maxLength, utf16.Length);
            }

            if (length > 31 || offset > 0xFFFF)
            {
                throw new InvalidOperationException($"U+{cp:X4}: decomposition does not fit the record layout.");
            }

            var record = ucd.CombiningClass[cp] | ((uint)ucd.NfkcQuickCheck[cp] << 8) | ((second[cp] ? 1u : 0u) << 10) |
                (length << 11) | (offset << 16);
            if (!recordIndex.TryGetValue(record, out var index))
            {
                index = checked((ushort)records.Count);
                recordIndex.Add(record, index);
                records.Add(record);
            }

            values[cp] = index;
            if (index != 0)
            {
                last = cp;
            }
        }

        var best = Enumerable.Range(4, 7).Select(shift => Trie(values, last, shift)).MinBy(t => (t.Index.Length + t.Blocks.Length) * 2);
        return new NfkcTables
        {
            Shift = best.Shift,
            Limit = best.Limit,
            Index = best.Index,
            Blocks = best.Blocks,
            Records = [.. records],
            Pool = [.. pool],
            Compositions = compositions,
            MaxDecompositionLength = maxLength,
        };
    }

    private static (int Shift, int Limit, ushort[] Index, ushort[] Blocks) Trie(ushort[] values, int last, int shift)
    {
        var size = 1 << shift;
        var limit = ((last >> shift) + 1) << shift;
        var index = new ushort[limit >> shift];
        var blocks = new List<ushort>();
        var seen = new Dictionary<string, ushort>(StringComparer.Ordinal);
        for (var b = 0; b < index.Length; b++)
        {
            var block = values.AsSpan(b << shift, size);
            var key = string.Join(',', block.ToArray());
            if (!seen.TryGetValue(key, out var number))
            {
                number = checked((ushort)(blocks.Count >> shift));
                seen.Add(key, number);
                blocks.AddRange(block);
            }

            index[b] = number;
        }

        return (shift, limit, index, [.. blocks]);
    }

    /// <summary>Full_Composition_Exclusion is derived; check it against its definition (UAX #44).</summary>
    private static void CheckExclusions(Ucd ucd)
    {
        for (var cp = 0; cp < Ucd.CodePoints; cp++)
        {
            var d = ucd.Decomposition[cp];
            var canonical = d is not null && !ucd.IsCompatibility[cp];
            var derived = canonical && (ucd.CompositionExclusions.Contains(cp) || d!.Length == 1 ||
                ucd.CombiningClass[cp] != 0 || ucd.CombiningClass[d[0]] != 0);
            if (derived != ucd.FullCompositionExclusion[cp])
            {
                throw new InvalidDataException($"U+{cp:X4}: Full_Composition_Exclusion disagrees with its derivation.");
            }
        }
    }

    /// <summary>(first &lt;&lt; 42) | (second &lt;&lt; 21) | composite, sorted: the canonical pairs that recompose.</summary>
    private static ulong[] PrimaryComposites(Ucd ucd)
    {
        var entries = new List<ulong>();
        for (var cp = 0; cp < Ucd.CodePoints; cp++)
        {
            var d = ucd.Decomposition[cp];
            if (d is null || ucd.IsCompatibility[cp] || ucd.FullCompositionExclusion[cp])
            {
                continue;
            }

            if (d.Length != 2 || ucd.CombiningClass[cp] != 0 || ucd.CombiningClass[d[0]] != 0)
            {
                throw new InvalidDataException($"U+{cp:X4}: unexpected shape for a primary composite.");
            }

            entries.Add(((ulong)d[0] << 42) | ((ulong)d[1] << 21) | (uint)cp);
        }

        entries.Sort();
        return [.. entries];
    }

    private static List<int> FullDecomposition(Ucd ucd, int cp)
    {
        var result = new List<int>();
        Append(cp);

        // Canonical order, so each pooled sequence is itself NFKD.
        for (var i = 1; i < result.Count; i++)
        {
            var c = result[i];
            var ccc = ucd.CombiningClass[c];
            var j = i;
            while (ccc != 0 && j > 0 && ucd.CombiningClass[result[j - 1]] > ccc)
            {
                result[j] = result[j - 1];
                j--;
            }

            result[j] = c;
        }

        return result;

        void Append(int c)
        {
            if (IsHangulSyllable(c))
            {
                var s = c - SBase;
                result.Add(LBase + (s / NCount));
                result.Add(VBase + (s % NCount / TCount));
                if (s % TCount != 0)
                {
                    result.Add(TBase + (s % TCount));
                }
            }
            else if (ucd.Decomposition[c] is { } mapping)
            {
                foreach (var m in mapping)
                {
                    Append(m);
                }
            }
            else
            {
                result.Add(c);
            }
        }
    }

    private static bool IsHangulSyllable(int cp) => cp is >= SBase and < SBase + SCount;

    private static string ToUtf16(List<int> codePoints)
    {
        var builder = new StringBuilder();
        foreach (var cp in codePoints)
        {
            builder.Append(char.ConvertFromUtf32(cp));
        }

        return builder.ToString();
    }
}

internal static class Emitter
{
    /// <summary>The Unicode License v3 notice, with the copyright years of the UCD files used.</summary>
    private const string LicenseText = """
          COPYRIGHT AND PERMISSION NOTICE

          Copyright © 1991-2022 Unicode, Inc.

          Permission is hereby granted, free of charge, to any person obtaining a
          copy of data files and any associated documentation (the "Data Files") or
          software and any associated documentation (the "Software") to deal in the
          Data Files or Software without restriction, including without limitation
          the rights to use, copy, modify, merge, publish, distribute, and/or sell
          copies of the Data Files or Software, and to permit persons to whom the
          Data Files or Software are furnished to do so, provided that either (a)
          this copyright and permission notice appear with all copies of the Data
          Files or Software, or (b) this copyright and permission notice appear in
          associated Documentation.

          THE DATA FILES AND SOFTWARE ARE PROVIDED "AS IS", WITHOUT WARRANTY OF ANY
          KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
          MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT OF
          THIRD PARTY RIGHTS.

          IN NO EVENT SHALL THE COPYRIGHT HOLDER OR HOLDERS INCLUDED IN THIS NOTICE
          BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL INDIRECT OR CONSEQUENTIAL DAMAGES,
          OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS,
          WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION,
          ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THE DATA
          FILES OR SOFTWARE.

          Except as contained in this notice, the name of a copyright holder shall
          not be used in advertising or otherwise to promote the sale, use or other
          dealings in these Data Files or Software without prior written
          authorization of the copyright holder.
          """;

    private static string License => string.Join("\n", LicenseText.Split('\n')
        .Select((line, i) => i == 0 ? $"     {line}" : line.Length == 0 ? "//" : $"//     {line}"));

    public static string Emit(Ucd ucd, NfkcTables tables)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $$"""
            // <auto-generated>
            // Generated by tools/UnicodeTables from the Unicode Character Database {{ucd.Version}}
            // (UnicodeData.txt, DerivedNormalizationProps.txt, CompositionExclusions.txt), as shipped by
            // Debian's unicode-data package. Do not edit by hand. To regenerate:
            //
            //     apt-get install unicode-data
            //     dotnet run --project tools/UnicodeTables -- /usr/share/unicode
            //
            // Licence: the Unicode Character Database is distributed under the Unicode License v3
            // (https://www.unicode.org/terms_of_use.html). These tables are data derived from it (a modified,
            // compressed encoding of the properties NFKC needs), so its notice travels with them:
            //
            //{{License}}
            //
            // Layout. Record(cp) = Records[Blocks[(Index[cp >> Shift] << Shift) | (cp & ((1 << Shift) - 1))]]
            // for cp < Limit, and 0 above. A record packs:
            //   bits  0-7   Canonical_Combining_Class
            //   bits  8-9   NFKC_Quick_Check: 0 Yes, 1 No, 2 Maybe
            //   bit   10    the code point is the second of some canonical composition (Hangul V and T included)
            //   bits 11-15  length, in UTF-16 code units, of its full compatibility decomposition (0: none)
            //   bits 16-31  offset of that decomposition in Decompositions (already in canonical order)
            // Hangul syllables have record 0: they are decomposed and composed algorithmically.
            // Compositions holds (first << 42) | (second << 21) | composite, sorted, for every canonical pair
            // that is not Full_Composition_Exclusion.
            // Table data: {{tables.ByteSize}} bytes.
            // </auto-generated>

            namespace Latch.Domain.Common.Unicode;

            internal static class NfkcData
            {
                public const string UnicodeVersion = "{{ucd.Version}}";

                public const int Shift = {{tables.Shift}};

                public const int Limit = 0x{{tables.Limit:X}};

                public const int MaxDecompositionLength = {{tables.MaxDecompositionLength}};


            """);
        Array(s, "ushort", "Index", tables.Index.Select(v => v.ToString(CultureInfo.InvariantCulture)), 20);
        Array(s, "ushort", "Blocks", tables.Blocks.Select(v => v.ToString(CultureInfo.InvariantCulture)), 20);
        Array(s, "uint", "Records", tables.Records.Select(v => $"0x{v:X8}"), 8);
        Array(s, "ushort", "Decompositions", tables.Pool.Select(v => $"0x{v:X4}"), 12);
        Array(s, "ulong", "Compositions", tables.Compositions.Select(v => $"0x{v:X16}"), 4);
        s.Length -= 1; // the blank line after the last array
        s.Append("}\n");
        return s.ToString();
    }

    private static void Array(StringBuilder s, string type, string name, IEnumerable<string> values, int perLine)
    {
        s.Append(CultureInfo.InvariantCulture, $"    public static ReadOnlySpan<{type}> {name} =>\n    [\n");
        foreach (var line in values.Chunk(perLine))
        {
            s.Append("        ").AppendJoin(", ", line).Append(",\n");
        }

        s.Append("    ];\n\n");
    }
}
