using System.Net;
using Microsoft.AspNetCore.Hosting;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// The app on real Kestrel, on a loopback port, over plain HTTP or over TLS with a certificate made for the run:
/// what a client meets on the wire, where the server (not the test host) writes the responses.
/// </summary>
public class KestrelFactory : LatchFactory
{
    private readonly X509Certificate2? _certificate;

    public KestrelFactory(IDictionary<string, string?> settings, bool https = false)
        : base(settings)
    {
        // An explicit endpoint rather than UseKestrel(port): that one rewrites the server's addresses while the app's own
        // entry point may already be starting it, which fails now and then.
        _certificate = https ? SelfSigned() : null;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (_certificate is not null)
            {
                listen.UseHttps(_certificate);
            }
        }));
    }

    /// <summary>The server's address; the server is started on first use.</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    /// <summary>A client over the socket; under TLS it trusts this run's certificate only.</summary>
    public HttpClient Socket()
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (_certificate is not null)
        {
            var thumbprint = _certificate.GetCertHashString();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == thumbprint;
        }

        return new HttpClient(handler) { BaseAddress = Address };
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _certificate?.Dispose();
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=latch.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("latch.test");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Kestrel needs the private key in a form the platform's TLS can use.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
