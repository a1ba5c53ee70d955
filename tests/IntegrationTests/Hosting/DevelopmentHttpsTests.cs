using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests.Hosting;

/// <summary>
/// The README's local HTTPS: <c>dotnet dev-certs https</c> once, then an https address in Development with no
/// certificate configured. Run in a home folder of its own, so the developer's certificate store is not touched.
/// </summary>
public sealed class DevelopmentHttpsTests
{
    // The ASP.NET Core HTTPS development certificate's marker extension.
    private const string DevelopmentCertificateOid = "1.3.6.1.4.1.311.84.1.1";

    [Fact]
    public async Task The_development_certificate_serves_HTTPS_in_Development()
    {
        var home = Directory.CreateTempSubdirectory("latch-home-").FullName;
        try
        {
            await DevCertsAsync(home);
            await using var host = await KestrelProcess.StartAsync(new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = "https://127.0.0.1:0",
                ["HOME"] = home,
                ["DOTNET_CLI_HOME"] = home,
            });

            // Trusted here only because it is the development certificate, which is what is under test.
            using var client = new HttpClient(new SocketsHttpHandler
            {
                SslOptions =
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 served &&
                        served.Extensions.Cast<X509Extension>().Any(e => e.Oid?.Value == DevelopmentCertificateOid),
                },
            });
            using var response = await client.GetAsync(new Uri(host.Address("https"), "/health/live"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("TLSv1.3", await OpenSslProbe.HandshakeAsync(host.Address("https").Port, "tls1_3"));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task DevCertsAsync(string home)
    {
        var start = new ProcessStartInfo("dotnet", ["dev-certs", "https"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = home;
        start.Environment["DOTNET_CLI_HOME"] = home;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet dev-certs https: {output}");
    }
}
