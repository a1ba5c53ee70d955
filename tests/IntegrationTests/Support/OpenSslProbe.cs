using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// A TLS handshake by an independent client, OpenSSL's <c>s_client</c>, pinned to one protocol version. OpenSSL 3
/// will not even offer TLS 1.0/1.1 at its default security level, so the probe lowers it (<c>@SECLEVEL=0</c>) for
/// every version: a refusal is then the server's, not the client's.
/// </summary>
public static partial class OpenSslProbe
{
    public static readonly string[] Versions = ["tls1", "tls1_1", "tls1_2", "tls1_3"];

    /// <summary>The negotiated protocol (<c>TLSv1.2</c>, …), or null when the handshake failed.</summary>
    public static async Task<string?> HandshakeAsync(int port, string version) => (await ProbeAsync(port, version)).Protocol;

    /// <summary>
    /// The handshake's outcome: the negotiated protocol, or the TLS alert the server answered with. A server that
    /// refuses the version itself says <c>protocol version</c> (alert 70); one that accepts the version but has no
    /// cipher or signature scheme in common says <c>handshake failure</c> (alert 40).
    /// </summary>
    public static async Task<TlsHandshake> ProbeAsync(int port, string version)
    {
        var start = new ProcessStartInfo("openssl",
            ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", TestCertificate.HostName, $"-{version}",
             "-cipher", "DEFAULT:@SECLEVEL=0"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        var cipher = Cipher().Match(text);
        var protocol = Protocol().Match(text);
        var alert = Alert().Match(text);
        return cipher.Success && cipher.Groups[2].Value != "(NONE)"
            ? new TlsHandshake(protocol.Success ? protocol.Groups[1].Value : cipher.Groups[1].Value, null)
            : new TlsHandshake(null, alert.Success ? alert.Groups[1].Value : null);
    }

    [GeneratedRegex(@"alert ([a-z ]+):")]
    private static partial Regex Alert();

    // "New, TLSv1.0, Cipher is …" names the cipher's version; the session's "Protocol  :" line is the protocol, but
    // under TLS 1.3 the session is only printed once a ticket arrives, and there the two agree.
    [GeneratedRegex(@"^New, (\S+), Cipher is (\S+)", RegexOptions.Multiline)]
    private static partial Regex Cipher();

    [GeneratedRegex(@"^\s*Protocol\s*:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex Protocol();
}

/// <summary>What a handshake came to: <see cref="Protocol"/> when it succeeded, the server's alert when it did not.</summary>
public sealed record TlsHandshake(string? Protocol, string? Alert);
