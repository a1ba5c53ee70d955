using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Latch.IntegrationTests.Support;

/// <summary>A self-signed P-256 server certificate for a test host name, written as PEM files the way operators have them.</summary>
public sealed class TestCertificate : IDisposable
{
    public const string HostName = "latch.test";

    private readonly string _directory = Directory.CreateTempSubdirectory("latch-cert-").FullName;

    public TestCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={HostName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(HostName);
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Thumbprint = certificate.Thumbprint;
        File.WriteAllText(CertificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    public string CertificatePath => Path.Combine(_directory, "latch.test.crt");

    public string KeyPath => Path.Combine(_directory, "latch.test.key");

    public string Thumbprint { get; }

    /// <summary>Kestrel's standard configuration keys for its default certificate, as environment variables.</summary>
    public Dictionary<string, string?> KestrelSettings() => new()
    {
        ["Kestrel__Certificates__Default__Path"] = CertificatePath,
        ["Kestrel__Certificates__Default__KeyPath"] = KeyPath,
    };

    /// <summary>
    /// A client that trusts this certificate only and reaches the host at 127.0.0.1 whatever the URL's host name,
    /// so requests carry <see cref="HostName"/> (HSTS is never sent to localhost) over a real TLS connection.
    /// </summary>
    public HttpClient CreateClient(int port)
    {
        var thumbprint = Thumbprint;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ActivityHeadersPropagator = null,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(System.Net.IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && string.Equals(certificate.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase),
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri($"https://{HostName}:{port}") };
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
