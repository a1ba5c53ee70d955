using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace Latch.Tools.Smoke;

/// <summary>
/// Which TLS versions an endpoint accepts, learnt from handshakes alone (no request is sent). TLS 1.0 and 1.1 are
/// offered with a hand-made ClientHello: the platform's TLS library (OpenSSL 3 on Linux) will not even offer them
/// at its default security level, so a probe through it would report "refused" for a server that accepts them.
/// TLS 1.2 is a real handshake through <see cref="SslStream"/>, certificate validated (by the platform unless
/// <paramref name="validate"/> says otherwise: tests pin their own certificate).
/// </summary>
internal sealed class TlsProbe(Func<string, int, CancellationToken, Task<Stream>> dial, RemoteCertificateValidationCallback? validate)
{
    public const ushort Tls10 = 0x0301;
    public const ushort Tls11 = 0x0302;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    // ECDHE and RSA key exchange with AES-CBC-SHA and 3DES: what a TLS 1.0/1.1 server has to pick from.
    private static readonly ushort[] LegacyCipherSuites = [0xC013, 0xC014, 0xC009, 0xC00A, 0x002F, 0x0035, 0x000A];

    public static async Task<Stream> DialAsync(string host, int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, cancellationToken);
            return client.GetStream();
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Offers only <paramref name="version"/> (TLS 1.0 or 1.1); true when the server's ServerHello takes it.</summary>
    public async Task<(bool Accepted, string Detail)> OffersLegacyAsync(string host, int port, ushort version)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var stream = await dial(host, port, timeout.Token);
        await stream.WriteAsync(ClientHello(host, version), timeout.Token);

        var header = new byte[5];
        if (!await ReadExactly(stream, header, timeout.Token))
        {
            return (false, "connection closed");
        }

        var body = new byte[Math.Min((int)BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3)), 1 << 14)];
        if (header[0] == 0x15 && body.Length >= 2 && await ReadExactly(stream, body, timeout.Token))
        {
            return (false, $"alert {body[1]}");
        }

        if (header[0] != 0x16 || body.Length < 6 || !await ReadExactly(stream, body, timeout.Token) || body[0] != 0x02)
        {
            return (false, $"no ServerHello (record type {header[0]})");
        }

        var chosen = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(4));
        return chosen == version ? (true, "ServerHello") : (false, $"ServerHello for version 0x{chosen:x4}");
    }

    /// <summary>A full handshake offering only TLS 1.2.</summary>
    public async Task<(bool Accepted, string Detail)> AcceptsTls12Async(string host, int port)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var stream = await dial(host, port, timeout.Token);
        await using var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                EnabledSslProtocols = SslProtocols.Tls12,
                RemoteCertificateValidationCallback = validate,
            }, timeout.Token);
            return (tls.SslProtocol == SslProtocols.Tls12, $"negotiated {tls.SslProtocol}");
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return (false, e.Message);
        }
    }

    private static async Task<bool> ReadExactly(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            return false;
        }
    }

    /// <summary>A TLS 1.0/1.1 ClientHello (RFC 2246/4346) with SNI, the EC groups and point formats, and renegotiation info.</summary>
    private static byte[] ClientHello(string host, ushort version)
    {
        var name = Encoding.ASCII.GetBytes(host);
        var extensions = new List<byte>();
        Extension(extensions, 0x0000, [.. U16(name.Length + 3), 0x00, .. U16(name.Length), .. name]);
        Extension(extensions, 0x000a, [.. U16(6), 0x00, 0x17, 0x00, 0x18, 0x00, 0x1d]);
        Extension(extensions, 0x000b, [0x01, 0x00]);
        Extension(extensions, 0xff01, [0x00]);

        var hello = new List<byte>();
        hello.AddRange(U16(version));
        hello.AddRange(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        hello.Add(0x00);
        hello.AddRange(U16(LegacyCipherSuites.Length * 2));
        foreach (var suite in LegacyCipherSuites)
        {
            hello.AddRange(U16(suite));
        }

        hello.AddRange([0x01, 0x00]);
        hello.AddRange(U16(extensions.Count));
        hello.AddRange(extensions);

        byte[] handshake = [0x01, (byte)(hello.Count >> 16), (byte)(hello.Count >> 8), (byte)hello.Count, .. hello];
        return [0x16, 0x03, 0x01, .. U16(handshake.Length), .. handshake];
    }

    private static void Extension(List<byte> extensions, ushort type, byte[] data)
    {
        extensions.AddRange(U16(type));
        extensions.AddRange(U16(data.Length));
        extensions.AddRange(data);
    }

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];
}
