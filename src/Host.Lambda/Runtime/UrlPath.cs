using System.Buffers;
using System.Text;

namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// Request paths as API Gateway delivers them. REST APIs and function URLs send the path percent-encoded as the
/// client sent it; HTTP APIs send it decoded. <see cref="Encode"/> makes either a valid encoded path without
/// knowing which (existing escapes are kept, characters that can never stand literally in a path are escaped),
/// and <see cref="Decode"/> then decodes it the way Kestrel does, so the app sees the same path on both hosts.
/// </summary>
internal static class UrlPath
{
    private static readonly SearchValues<char> Literal = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/");

    /// <summary>A path safe to use as a request target: starts with '/', only path characters and escapes.</summary>
    public static string Encode(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        var builder = new StringBuilder(path.Length + 8);
        if (path[0] != '/')
        {
            builder.Append('/');
        }

        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < path.Length;)
        {
            var c = path[i];
            if (Literal.Contains(c) || (c == '%' && IsEscape(path, i)))
            {
                builder.Append(c);
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf16(path.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
            }

            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append('%').Append(HexUpper(b >> 4)).Append(HexUpper(b & 0xF));
            }

            i += consumed;
        }

        return builder.ToString();
    }

    /// <summary>Kestrel's decoding: every escape is decoded except <c>%2F</c>, which stays escaped so it cannot split a segment.</summary>
    public static string Decode(string encoded)
    {
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%' && IsEscape(encoded, i))
            {
                var value = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                if (value != '/')
                {
                    bytes.Add(value);
                    i += 2;
                    continue;
                }
            }

            bytes.Add((byte)c); // Encode left only ASCII here.
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>
    /// Splits <paramref name="prefix"/> (encoded, no trailing '/') off the front of <paramref name="encodedPath"/>
    /// only on a whole segment: stage <c>v1</c> takes <c>/v1</c> and <c>/v1/x</c>, never <c>/v1beta/x</c>.
    /// </summary>
    public static bool TryStripPrefix(string encodedPath, string prefix, out string rest)
    {
        rest = encodedPath;
        if (prefix.Length <= 1 || !encodedPath.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        if (encodedPath.Length == prefix.Length)
        {
            rest = "";
            return true;
        }

        if (encodedPath[prefix.Length] != '/')
        {
            return false;
        }

        rest = encodedPath[prefix.Length..];
        return true;
    }

    /// <summary>RFC 3986 dot-segment removal on a decoded path, as Kestrel does before routing.</summary>
    public static string RemoveDotSegments(string path)
    {
        if (!path.Contains("/.", StringComparison.Ordinal))
        {
            return path;
        }

        var output = new List<string>();
        var segments = path.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i];
            var last = i == segments.Length - 1;
            if (segment == ".")
            {
                if (last)
                {
                    output.Add("");
                }
            }
            else if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }

                if (last)
                {
                    output.Add("");
                }
            }
            else
            {
                output.Add(segment);
            }
        }

        return "/" + string.Join('/', output);
    }

    private static bool IsEscape(string s, int i) =>
        i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 1]) && char.IsAsciiHexDigit(s[i + 2]);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static char HexUpper(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);
}
