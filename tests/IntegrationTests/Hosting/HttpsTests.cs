using System.Diagnostics;
using System.Net;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Hosting;

/// <summary>
/// HTTPS on the Kestrel host as an operator turns it on: <c>ASPNETCORE_URLS</c> with an https address and the
/// certificate in Kestrel's standard keys — tested over real TLS handshakes by an independent client.
/// </summary>
public sealed class HttpsTests : IClassFixture<HttpsTests.ProductionHost>
{
    private readonly ProductionHost _host;

    public HttpsTests(ProductionHost host) => _host = host;

    [Theory]
    [InlineData("tls1_2", "TLSv1.2")]
    [InlineData("tls1_3", "TLSv1.3")]
    public async Task TLS_1_2_and_1_3_handshakes_succeed(string version, string expected)
    {
        Assert.Equal(expected, await OpenSslProbe.HandshakeAsync(_host.Https.Port, version));
    }

    [Theory]
    [InlineData("tls1")]
    [InlineData("tls1_1")]
    public async Task TLS_1_0_and_1_1_handshakes_are_refused_for_their_version(string version)
    {
        // "protocol version", not "handshake failure": the host refuses the version itself, rather than happening
        // to share no cipher with an old client under this machine's OpenSSL policy (which can differ elsewhere).
        Assert.Equal(new TlsHandshake(null, "protocol version"), await OpenSslProbe.ProbeAsync(_host.Https.Port, version));
    }

    [Fact]
    public async Task The_probe_sees_a_server_that_accepts_TLS_1_1()
    {
        // The control for the refusals above: against a server that allows it, the same probe negotiates TLS 1.1.
        using var certificate = new TestCertificate();
        var port = FreePort();
        using var server = Process.Start(new ProcessStartInfo("openssl",
            ["s_server", "-accept", $"127.0.0.1:{port}", "-cert", certificate.CertificatePath, "-key", certificate.KeyPath,
             "-cipher", "DEFAULT:@SECLEVEL=0", "-www"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        })!;
        try
        {
            string? negotiated = null;
            for (var attempt = 0; attempt < 50 && negotiated is null; attempt++)
            {
                await Task.Delay(100);
                negotiated = await OpenSslProbe.HandshakeAsync(port, "tls1_1");
            }

            Assert.Equal("TLSv1.1", negotiated);
        }
        finally
        {
            server.Kill();
        }
    }

    [Theory]
    [InlineData("GET", "/health/live", null, HttpStatusCode.OK)]
    [InlineData("GET", "/no/such/route", null, HttpStatusCode.NotFound)]
    [InlineData("GET", "/v1/users/me", null, HttpStatusCode.Unauthorized)]
    [InlineData("DELETE", "/health/live", null, HttpStatusCode.MethodNotAllowed)]
    [InlineData("POST", "/v1/auth/login", "{\"email\":", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/v1/auth/login", "{\"email\":\"nobody@example.com\",\"password\":\"correct horse battery staple\"}", HttpStatusCode.Unauthorized)]
    public async Task Every_HTTPS_response_carries_HSTS(string method, string path, string? json, HttpStatusCode status)
    {
        using var client = _host.Certificate.CreateClient(_host.Https.Port);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task Plain_HTTP_is_redirected_to_HTTPS_in_Production_and_gets_no_HSTS()
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Http, "/health/live?probe=1"));
        request.Headers.Host = $"{TestCertificate.HostName}:{_host.Http.Port}";

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"https://{TestCertificate.HostName}:{_host.Https.Port}/health/live?probe=1", response.Headers.Location?.ToString());
        Assert.False(response.Headers.Contains("Strict-Transport-Security")); // RFC 6797 §7.2: never over plain HTTP
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The host in Production, on an https and an http address, with a certificate from Kestrel's keys.</summary>
    public sealed class ProductionHost : IAsyncLifetime
    {
        public TestCertificate Certificate { get; } = new();

        public Uri Https => Process.Address("https");

        public Uri Http => Process.Address("http");

        private KestrelProcess Process { get; set; } = null!;

        public async Task InitializeAsync()
        {
            var settings = Certificate.KestrelSettings();
            settings["ASPNETCORE_URLS"] = "https://127.0.0.1:0;http://127.0.0.1:0";
            Process = await KestrelProcess.StartAsync(settings);
        }

        public async Task DisposeAsync()
        {
            await Process.DisposeAsync();
            Certificate.Dispose();
        }
    }
}
