using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Latch.OpsTests.Support;

/// <summary>
/// Local TLS endpoints for smoke's TLS version probe: each has a self-signed certificate for latch.test, and
/// <see cref="Dial"/> and <see cref="Validate"/> point the tool at it (instead of latch.test:443) and pin that certificate.
/// </summary>
internal abstract class TlsServer : IAsyncDisposable
{
    protected TlsServer()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=latch.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("latch.test");
        request.CertificateExtensions.Add(names.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        Certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        CertificatePem = ephemeral.ExportCertificatePem();
        KeyPem = key.ExportPkcs8PrivateKeyPem();
    }

    public X509Certificate2 Certificate { get; }

    protected string CertificatePem { get; }

    protected string KeyPem { get; }

    public abstract int Port { get; }

    public async Task<Stream> Dial(string host, int port, CancellationToken cancellationToken)
    {
        Assert.Equal(("latch.test", 443), (host, port));
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
        return client.GetStream();
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is not null && certificate.GetCertHashString() == Certificate.GetCertHashString();

    public abstract ValueTask DisposeAsync();

    protected static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A .NET TLS server (OpenSSL underneath) that speaks only the protocols it is given.</summary>
internal sealed class DotnetTlsServer : TlsServer
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public DotnetTlsServer(SslProtocols protocols)
    {
        _listener.Start();
        _accepting = AcceptAsync(protocols);
    }

    public override int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync(SslProtocols protocols)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                await using (var tls = new SslStream(client.GetStream()))
                {
                    try
                    {
                        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                        {
                            ServerCertificate = Certificate,
                            EnabledSslProtocols = protocols,
                        }, _stop.Token);
                    }
                    catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
                    {
                        // A refused handshake is the point of some probes.
                    }
                }
            });
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

/// <summary>
/// `openssl s_server` taking TLS 1.0 to 1.3 with legacy ciphers (security level 0): an endpoint with API Gateway's
/// default TLS_1_0 policy. Needs the openssl command.
/// </summary>
internal sealed class LegacyTlsServer : TlsServer
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly int _port = FreePort();

    private LegacyTlsServer()
    {
        _directory = Directory.CreateTempSubdirectory("latch-tls-").FullName;
        File.WriteAllText(Path.Combine(_directory, "cert.pem"), CertificatePem);
        File.WriteAllText(Path.Combine(_directory, "key.pem"), KeyPem);
        var start = new ProcessStartInfo(OpenSsl!)
        {
            WorkingDirectory = _directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "s_server", "-accept", $"127.0.0.1:{_port}", "-cert", "cert.pem", "-key", "key.pem",
                     "-min_protocol", "TLSv1", "-cipher", "DEFAULT:@SECLEVEL=0", "-quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string? OpenSsl => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .Select(dir => Path.Combine(dir, "openssl")).FirstOrDefault(File.Exists);

    public override int Port => _port;

    public static async Task<LegacyTlsServer> StartAsync()
    {
        var server = new LegacyTlsServer();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, server._port);
                return server;
            }
            catch (SocketException) when (attempt < 100 && !server._process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>What OpenSSL's own client says: `openssl s_client` offering only <paramref name="version"/>, at security level 0.</summary>
    public async Task<string> ClientHandshakeAsync(string version)
    {
        var start = new ProcessStartInfo(OpenSsl!) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "s_client", "-connect", $"127.0.0.1:{_port}", version, "-cipher", "DEFAULT:@SECLEVEL=0" })
        {
            start.ArgumentList.Add(argument);
        }

        using var client = Process.Start(start)!;
        client.StandardInput.Close();
        var output = client.StandardOutput.ReadToEndAsync();
        var error = client.StandardError.ReadToEndAsync();
        await client.WaitForExitAsync();
        return await output + await error;
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
