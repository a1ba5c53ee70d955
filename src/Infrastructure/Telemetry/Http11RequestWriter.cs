using System.Net.Http.Headers;
using System.Text;

namespace Latch.Infrastructure.Telemetry;

/// <summary>
/// An <see cref="HttpRequestMessage"/> as HTTP/1.1 bytes, written whole into one buffer so that it leaves in one send:
/// the request line, <c>Host</c>, the request's and its content's headers as they are, and the body with its
/// <c>Content-Length</c> (the body is copied first, so its length is always known and never sent chunked).
/// <c>Expect: 100-continue</c> is not sent: the body follows the headers at once, which HTTP/1.1 allows.
/// </summary>
internal static class Http11RequestWriter
{
    public static void Write(HttpRequestMessage request, MemoryStream into, MemoryStream body, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        body.SetLength(0);
        request.Content?.CopyTo(body, null, cancellationToken);

        into.SetLength(0);
        Append(into, request.Method.Method);
        Append(into, " ");
        Append(into, uri.PathAndQuery);
        Append(into, " HTTP/1.1\r\nHost: ");
        Append(into, request.Headers.Host ?? HostOf(uri));
        Append(into, "\r\n");
        AppendHeaders(into, request.Headers);
        if (request.Content is not null)
        {
            AppendHeaders(into, request.Content.Headers);
        }

        if (request.Content is not null || request.Method == HttpMethod.Post || request.Method == HttpMethod.Put)
        {
            Append(into, "Content-Length: ");
            Append(into, body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Append(into, "\r\n");
        }

        Append(into, "\r\n");
        into.Write(body.GetBuffer(), 0, (int)body.Length);
    }

    /// <summary>The target's host as the <c>Host</c> header names it: an IPv6 address in brackets, the port unless the default.</summary>
    private static string HostOf(Uri uri)
    {
        // IdnHost leaves an IPv6 address bare ("::1"), and "::1:4318" names another address; Host keeps the brackets.
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static void AppendHeaders(MemoryStream into, HttpHeaders headers)
    {
        foreach (var (name, values) in headers.NonValidated)
        {
            if (IsFramedHere(name))
            {
                continue;
            }

            Append(into, name);
            Append(into, ": ");
            var first = true;
            foreach (var value in values)
            {
                if (value.AsSpan().ContainsAny('\r', '\n'))
                {
                    throw new HttpRequestException($"The header {name} holds a line break.");
                }

                if (!first)
                {
                    // Product tokens are separated by spaces; every other list by commas.
                    Append(into, name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) ? " " : ", ");
                }

                Append(into, value);
                first = false;
            }

            Append(into, "\r\n");
        }
    }

    /// <summary>Headers this writer sets itself (the target and the body's framing) or does not honour (see the class).</summary>
    private static bool IsFramedHere(string name) =>
        name.Equals("Host", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Expect", StringComparison.OrdinalIgnoreCase);

    private static void Append(MemoryStream into, string text)
    {
        var start = (int)into.Length;
        into.SetLength(start + text.Length);
        Encoding.Latin1.GetBytes(text, into.GetBuffer().AsSpan(start));
        into.Position = into.Length;
    }
}
