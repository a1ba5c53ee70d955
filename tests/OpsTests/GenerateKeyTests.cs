using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Latch.Tools.Deployment;
using Latch.OpsTests.Support;
using Microsoft.Extensions.Configuration;

namespace Latch.OpsTests;

public sealed class GenerateKeyTests
{
    [Fact]
    public async Task Makes_an_ES256_key_the_app_accepts_as_a_Jwt_Keys_entry()
    {
        var result = await Tool.RunAsync(["generate-key", "--alg", "ES256", "--id", "latch-2026-06"]);

        Assert.Equal(0, result.ExitCode);
        var key = JsonNode.Parse(result.Out)!;
        Assert.Equal("latch-2026-06", key["Id"]!.GetValue<string>());
        Assert.Equal("ES256", key["Algorithm"]!.GetValue<string>());
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key["PrivateKeyPem"]!.GetValue<string>());
        Assert.Equal(ECCurve.NamedCurves.nistP256.Oid.Value, ecdsa.ExportParameters(false).Curve.Oid.Value);
        Assert.Empty(JwtProblems(("Id", key["Id"]!.GetValue<string>()), ("Algorithm", "ES256"),
            ("PrivateKeyPem", key["PrivateKeyPem"]!.GetValue<string>())));
        Assert.Contains("It is a secret", result.Error);
    }

    [Fact]
    public async Task Makes_an_HS256_secret_of_32_random_bytes_as_env_lines_for_a_slot()
    {
        var result = await Tool.RunAsync(["generate-key", "--alg", "HS256", "--id", "hs-1", "--format", "env", "--slot", "1"]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Lines;
        Assert.Equal("Jwt__Keys__1__Id=hs-1", lines[0]);
        Assert.Equal("Jwt__Keys__1__Algorithm=HS256", lines[1]);
        var secret = lines[2]["Jwt__Keys__1__Secret=".Length..];
        Assert.Equal(32, Convert.FromBase64String(secret).Length);
        Assert.Empty(JwtProblems(("Id", "hs-1"), ("Algorithm", "HS256"), ("Secret", secret)));
    }

    [Fact]
    public async Task Writes_the_bare_PEM_to_a_new_file_only_its_owner_can_read()
    {
        var directory = Directory.CreateTempSubdirectory("latch-key-").FullName;
        try
        {
            var result = await Tool.RunAsync(["generate-key", "--alg", "ES256", "--format", "pem", "--out", "jwt.pem"], workingDirectory: directory);

            Assert.Equal(0, result.ExitCode);
            Assert.Matches(@"wrote ES256 key 'latch-\d{4}-\d{2}-\d{2}-[0-9a-f]{4}' to jwt\.pem", result.Out);
            var path = Path.Combine(directory, "jwt.pem");
            Assert.StartsWith("-----BEGIN " + "PRIVATE KEY-----", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }

            var again = await Tool.RunAsync(["generate-key", "--alg", "ES256", "--out", "jwt.pem"], workingDirectory: directory);
            Assert.Equal(1, again.ExitCode);
            Assert.Contains("generate-key: cannot write jwt.pem", again.Error);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(new string[0], "--alg is required.")]
    [InlineData(new[] { "--alg", "RS256" }, "--alg must be ES256 or HS256.")]
    [InlineData(new[] { "--alg", "ES256", "--format", "yaml" }, "--format must be json, env or pem.")]
    [InlineData(new[] { "--alg", "ES256", "--id", "bad id" }, "--id may hold only")]
    [InlineData(new[] { "--alg", "ES256", "--slot", "-1" }, "--slot must be a positive whole number.")]
    public async Task Usage_errors_exit_2(string[] args, string message)
    {
        var result = await Tool.RunAsync(["generate-key", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public async Task Unknown_commands_and_no_command_are_usage_errors()
    {
        Assert.Equal(2, (await Tool.RunAsync(["rotate-everything"])).ExitCode);
        var none = await Tool.RunAsync([]);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("usage: latch-tools", none.Out);
        Assert.Equal(0, (await Tool.RunAsync(["--help"])).ExitCode);
    }

    /// <summary>The key as key 0 of an otherwise valid deployed configuration, through the app's own checks.</summary>
    private static IReadOnlyList<string> JwtProblems(params (string Name, string Value)[] key)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Jwt:Issuer"] = "https://auth.example.com",
            ["Jwt:Audience"] = "https://api.example.com",
            ["Passwords:Pepper"] = Keys.Secret(),
            ["Storage:Provider"] = "Mongo",
            ["Storage:Mongo:Database"] = "latch",
            ["Storage:Mongo:ConnectionString"] = "mongodb+srv://latch:" + Uri.EscapeDataString(Keys.Secret(18)) + "@cluster0.example.net/",
            ["Cors:AllowedOrigins:0"] = "https://app.example.com",
            ["RateLimiting:PerIp:BurstLimit"] = "2000",
            ["RateLimiting:PerIp:PerMinute"] = "1000",
            ["RateLimiting:Auth:PerMinute"] = "20",
        };
        foreach (var (name, value) in key)
        {
            settings[$"Jwt:Keys:0:{name}"] = value;
        }

        return DeploymentSettings.Check(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), StageRules.For("prod"), StageRules.Production);
    }
}
