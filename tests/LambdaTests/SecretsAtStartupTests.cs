using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latch.Infrastructure.Aws;
using Latch.Infrastructure.Configuration.SecretsManager;
using Latch.LambdaEmulator;
using Latch.LambdaTests.Support;

namespace Latch.LambdaTests;

/// <summary>
/// The deployed function's environment holds only the secret's ARN (SecretsManager__SecretArn); the real Lambda host
/// reads the secret once at start-up with a SigV4-signed GetSecretValue, here from a stand-in of the Secrets Manager
/// endpoint that checks the signature and the call. Run as Staging, so no development fallback can hide a miss.
/// </summary>
public sealed class SecretsAtStartupTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_signing_keys_and_pepper_come_from_one_signed_GetSecretValue_at_start_up()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var previous = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var secrets = await SecretsManagerStandIn.StartAsync();
        secrets.Answer = (200, SecretsManagerStandIn.SecretAnswer(Secret(key.ExportPkcs8PrivateKeyPem(), Pepper(), previous.ExportPkcs8PrivateKeyPem())));
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var environment = Staging(secrets);
        environment["Jwt__Keys__1__Id"] = "previous";
        environment["Jwt__Keys__1__Algorithm"] = "ES256";
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, environment);

        await emulator.WaitUntilReadyAsync(() => function.Output, function);
        var (_, jwks) = await emulator.SendAsync(EventFormat.V2, new HttpRequestData { RawPath = "/.well-known/jwks.json" });
        var (_, again) = await emulator.SendAsync(EventFormat.V2, new HttpRequestData { RawPath = "/health/live" });

        Assert.Empty(secrets.Refusals);
        Assert.Equal(1, secrets.Accepted);
        Assert.Equal(200, jwks.StatusCode);
        Assert.Equal(200, again.StatusCode);
        var published = JsonDocument.Parse(jwks.Text).RootElement.GetProperty("keys").EnumerateArray()
            .ToDictionary(k => k.GetProperty("kid").GetString()!, k => k.GetProperty("x").GetString());
        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString(key.ExportParameters(false).Q.X!), published["from-secrets-manager"]);
        Assert.Equal(System.Buffers.Text.Base64Url.EncodeToString(previous.ExportParameters(false).Q.X!), published["previous"]);
        Assert.DoesNotContain("BEGIN PRIVATE KEY", function.Output, StringComparison.Ordinal);
    }

    public static TheoryData<int, string, string> Failures => new()
    {
        { 400, """{"__type":"AccessDeniedException","message":"not authorized to perform: secretsmanager:GetSecretValue"}""", "GetSecretValue failed: AccessDeniedException: not authorized" },
        { 400, """{"__type":"com.amazonaws.secretsmanager#ResourceNotFoundException","Message":"Secrets Manager can't find the specified secret."}""", "GetSecretValue failed: ResourceNotFoundException" },
        { 500, "", "GetSecretValue failed: HTTP 500" },
        { 200, SecretsManagerStandIn.SecretAnswer("""{"jwtPrivateKeyPem":"not a key","mongoConnectionString":"mongodb://x"}"""), "the secret has no passwordPepper" },
        { 200, SecretsManagerStandIn.SecretAnswer("not json"), "the secret is not a JSON object" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task An_unusable_answer_is_a_clean_init_error_naming_the_setting(int status, string body, string expected)
    {
        await using var secrets = await SecretsManagerStandIn.StartAsync();
        secrets.Answer = (status, body);
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, Staging(secrets));

        var initError = await emulator.InitError.WaitAsync(ExitTimeout);
        var exitCode = await function.WaitForExitAsync(ExitTimeout);

        Assert.Empty(secrets.Refusals);
        Assert.Equal(StartupFailure, initError.ErrorType);
        var message = initError.Json.GetProperty("errorMessage").GetString()!;
        Assert.Contains($"{SecretsManagerConfiguration.SecretArnKey}: {expected}", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.NotEqual(0, exitCode);
        Assert.Equal(0, emulator.NextCalls);
    }

    [Fact]
    public async Task Without_the_role_credentials_start_up_names_the_missing_variable()
    {
        await using var secrets = await SecretsManagerStandIn.StartAsync();
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var environment = Staging(secrets);
        environment["AWS_SECRET_ACCESS_KEY"] = null;
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, environment);

        var initError = await emulator.InitError.WaitAsync(ExitTimeout);

        Assert.Contains("SecretsManager:SecretArn: AWS_SECRET_ACCESS_KEY is not set", initError.Json.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, secrets.Accepted + secrets.Refusals.Count);
    }

    /// <summary>The published SigV4 test vector "get-vanilla" (AWS Signature Version 4 test suite).</summary>
    [Fact]
    public void The_signer_reproduces_the_published_SigV4_test_vector()
    {
        const string canonicalRequest = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" +
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        var signature = SigV4.Signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "service",
            "20150830T123600Z", canonicalRequest);

        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", signature);
    }

    private const string StartupFailure = "Runtime.StartupFailure";

    private static Dictionary<string, string?> Staging(SecretsManagerStandIn secrets)
    {
        var environment = secrets.FunctionEnvironment();
        environment["ASPNETCORE_ENVIRONMENT"] = "Staging";
        environment["Jwt__Issuer"] = "https://auth.example.com";
        environment["Jwt__Audience"] = "https://api.example.com";
        environment["Jwt__Keys__0__Id"] = "from-secrets-manager";
        environment["Jwt__Keys__0__Algorithm"] = "ES256";
        environment["Passwords__BcryptWorkFactor"] = "10";
        return environment;
    }

    private static string Pepper() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string Secret(string pem, string pepper, string? previousPem = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jwtPrivateKeyPem", pem);
            writer.WriteString("passwordPepper", pepper);
            writer.WriteString("mongoConnectionString", "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100");
            if (previousPem is not null)
            {
                writer.WriteString("jwtPrivateKeyPem1", previousPem);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
