using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Latch.IntegrationTests.Support;

/// <summary>
/// The Kestrel host's app in-process, on its own temporary SQLite file, with real bcrypt (at the lowest
/// allowed cost), real ES256 and HS256 keys and a real pepper.
/// </summary>
public class LatchFactory : WebApplicationFactory<Program>
{
    public static readonly string Es256Pem = CreateEs256Pem();
    public const string RequireEmailVerification = "Registration:RequireEmailVerification";

    public static readonly string OldHs256Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly string _directory = Directory.CreateTempSubdirectory("latch-it-").FullName;
    private readonly Dictionary<string, string?> _settings;

    public LatchFactory()
        : this(new Dictionary<string, string?>())
    {
    }

    public LatchFactory(IDictionary<string, string?> overrides)
    {
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:Sqlite:Path"] = Path.Combine(_directory, "latch.db"),
            ["Passwords:BcryptWorkFactor"] = "10",
            ["Passwords:Pepper"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Jwt:Keys:0:Id"] = "test-es256",
            ["Jwt:Keys:0:Algorithm"] = "ES256",
            ["Jwt:Keys:0:PrivateKeyPem"] = Es256Pem,
            ["Jwt:Keys:1:Id"] = "test-old-hs256",
            ["Jwt:Keys:1:Algorithm"] = "HS256",
            ["Jwt:Keys:1:Secret"] = OldHs256Secret,
            ["Sessions:RevocationCacheDuration"] = "00:00:30",

            // The test server has one client address for every test; the rate-limit tests set their own limits.
            ["RateLimiting:PerIp:BurstLimit"] = "1000000",
            ["RateLimiting:PerIp:PerMinute"] = "1000000",
            ["RateLimiting:Auth:PerMinute"] = "1000000",

            // Accounts made by tests exist at once; the verification tests take the default back (a null override).
            [RequireEmailVerification] = "false",
        };
        foreach (var (key, value) in overrides)
        {
            _settings[key] = value;
        }

        if (_settings[RequireEmailVerification] is null)
        {
            _settings.Remove(RequireEmailVerification);
        }
    }

    public string DatabasePath => _settings["Storage:Sqlite:Path"]!;

    public string Setting(string key) => _settings[key]!;

    public HttpClient CreateClientWithToken(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_settings.GetValueOrDefault("Environment") ?? "Testing");
        foreach (var (key, value) in _settings.Where(s => s.Key != "Environment"))
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left to the OS temp cleanup.
            }
        }
    }

    private static string CreateEs256Pem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }
}
