using Latch.OpsTests.Support;

namespace Latch.OpsTests;

/// <summary>
/// Each stage judged by its own rules, on this repository's serverless.yml as the pinned framework resolves it: prod
/// runs Production with public https origins; dev runs Staging and serves front ends on localhost, with its store,
/// secrets and limits held to the production rules; any other stage is judged as production.
/// </summary>
public sealed class PreflightStageRulesTests : IDisposable
{
    private const string DevOrigins = "        - http://localhost:3000\n        - http://localhost:5173\n";
    private const string ProdOrigins = "        - https://app.example.com\n";

    private readonly StageRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [Theory]
    [InlineData("prod")]
    [InlineData("dev")]
    public async Task Each_stage_passes_on_the_repository_configuration(string stage)
    {
        var result = await _repo.PreflightWithSecretsAsync(stage);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([$"preflight: stage {stage}: OK (settings valid, .env files ignored, 6 tracked files scanned, no secret found)"], result.Lines);
    }

    [Theory]
    [InlineData("dev", "      aspnetEnvironment: Staging\n", "Production", "stage dev: ASPNETCORE_ENVIRONMENT is Production: stage dev runs Staging.")]
    [InlineData("dev", "      aspnetEnvironment: Staging\n", "Development", "stage dev: ASPNETCORE_ENVIRONMENT is Development: stage dev runs Staging.")]
    [InlineData("prod", "      aspnetEnvironment: Production\n", "Staging", "stage prod: ASPNETCORE_ENVIRONMENT is Staging: stage prod runs Production.")]
    public async Task A_stage_running_another_environment_than_its_own_is_named(string stage, string line, string environment, string expected)
    {
        _repo.Replace("serverless.yml", line, $"      aspnetEnvironment: {environment}\n");

        var result = await _repo.PreflightWithSecretsAsync(stage);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([expected], result.Lines);
    }

    [Fact]
    public async Task Prod_refuses_the_local_plain_http_origins_of_dev()
    {
        _repo.Replace("serverless.yml", ProdOrigins, DevOrigins.Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

        var result = await _repo.PreflightWithSecretsAsync("prod");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            "stage prod: Cors:AllowedOrigins:0 must use https:// in Production.",
            "stage prod: Cors:AllowedOrigins:1 must use https:// in Production.",
            "stage prod: Cors:AllowedOrigins:0 is a local address, not a deployed web app's origin.",
            "stage prod: Cors:AllowedOrigins:1 is a local address, not a deployed web app's origin.",
        ], result.Lines);
    }

    [Fact]
    public async Task Dev_allows_plain_http_for_local_front_ends_only()
    {
        _repo.Replace("serverless.yml", DevOrigins, "        - http://localhost:3000\n        - http://dev-app.example.com\n        - https://dev-app.example.com\n");

        var result = await _repo.PreflightWithSecretsAsync("dev");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["stage dev: Cors:AllowedOrigins:1 must use https:// (stage dev allows http:// for local addresses only)."], result.Lines);
    }

    [Theory]
    [InlineData("mongodb://latch:<password>@db.example.net:27017/latch",
        "stage dev: Storage:Mongo:ConnectionString must use TLS on a deployed stage: a mongodb+srv:// address, or tls=true.")]
    [InlineData("mongodb+srv://latch:<password>@cluster0.example.net/?tls=false",
        "stage dev: Storage:Mongo:ConnectionString must use TLS on a deployed stage: a mongodb+srv:// address, or tls=true.")]
    [InlineData("mongodb+srv://latch:<password>@cluster0.example.net/?tlsAllowInvalidCertificates=true",
        "stage dev: Storage:Mongo:ConnectionString must not switch off TLS certificate or host name checks on a deployed stage.")]
    [InlineData("mongodb+srv://latch:<password>@cluster0.example.net/?tlsAllowInvalidHostnames=true",
        "stage dev: Storage:Mongo:ConnectionString must not switch off TLS certificate or host name checks on a deployed stage.")]
    [InlineData("mongodb+srv://latch:<short>@cluster0.example.net/",
        "stage dev: Storage:Mongo:ConnectionString: the database password is shorter than 16 characters.")]
    public async Task Dev_holds_its_database_connection_to_the_production_rules(string template, string expected)
    {
        // Staging's start-up rules let each of these through; the dev stage still reaches its database over the internet.
        // Passwords filled in at run time: the committed text holds placeholders only, which preflight's scan lets pass.
        var value = template.Replace("<password>", "a-long-enough-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)),
            StringComparison.Ordinal).Replace("<short>", "hunter2", StringComparison.Ordinal);
        _repo.ChangeSecret("mongoConnectionString", value);

        var result = await _repo.PreflightWithSecretsAsync("dev");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([expected], result.Lines);
        Assert.DoesNotContain(value, result.Out + result.Error);
    }

    [Theory]
    [InlineData("passwordPepper", "c2hvcnQ=", "stage dev: Passwords:Pepper must decode to at least 32 bytes.")]
    [InlineData("jwtPrivateKeyPem", "not a pem", "stage dev: Jwt:Keys (latch-2026-01) PrivateKeyPem is not a valid PEM private key.")]
    public async Task Dev_requires_strong_secrets_as_prod_does(string secret, string value, string expected)
    {
        _repo.ChangeSecret(secret, value);

        var result = await _repo.PreflightWithSecretsAsync("dev");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([expected], result.Lines);
    }

    [Fact]
    public async Task A_stage_without_rules_of_its_own_is_judged_as_production()
    {
        // A copy of the dev block named staging: same settings, but no rules that allow them.
        var yaml = File.ReadAllText(Path.Combine(_repo.Root, "serverless.yml"));
        var dev = yaml[yaml.IndexOf("    dev:\n", StringComparison.Ordinal)..yaml.IndexOf("    prod:\n", StringComparison.Ordinal)];
        _repo.Replace("serverless.yml", "    prod:\n", dev.Replace("    dev:\n", "    staging:\n", StringComparison.Ordinal) + "    prod:\n");
        File.WriteAllText(Path.Combine(_repo.Root, ".env.staging"),
            File.ReadAllText(Path.Combine(_repo.Root, ".env.example")) + $"LATCH_SECRET_ARN={StageRepository.SecretArn("staging")}\n" +
            StageRepository.OwnMailSettings);

        var result = await _repo.PreflightWithSecretsAsync("staging");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            "stage staging: ASPNETCORE_ENVIRONMENT is Staging: stage staging runs Production.",
            "stage staging: Cors:AllowedOrigins:0 must use https:// in Production.",
            "stage staging: Cors:AllowedOrigins:1 must use https:// in Production.",
            "stage staging: Cors:AllowedOrigins:0 is a local address, not a deployed web app's origin.",
            "stage staging: Cors:AllowedOrigins:1 is a local address, not a deployed web app's origin.",
        ], result.Lines);
    }

    [Fact]
    public async Task The_example_settings_are_refused_until_the_secret_ARN_and_the_mail_settings_are_filled_in()
    {
        File.Copy(Path.Combine(_repo.Root, ".env.example"), Path.Combine(_repo.Root, ".env.dev"), overwrite: true);

        var result = await _repo.PreflightWithSecretsAsync("dev");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("SecretsManager__SecretArn is still the placeholder of .env.example: put the ARN of stage dev's secret in .env.dev " +
                     "as LATCH_SECRET_ARN (aws secretsmanager describe-secret --secret-id latch/dev --query ARN --output text).", result.Lines[0]);
        // And every mail setting of the example (tests/OpsTests/PreflightMailTests.cs has each line).
        Assert.Equal(
            ["Mail:From", "Mail:Ses:IdentityArn", "Mail:Links:VerifyEmail", "Mail:Links:PasswordReset", "Mail:Links:ConfirmEmailChange", "Mail:Links:SignIn"],
            result.Lines.Skip(1).Select(line => line.Split(' ')[2]));
    }

    [Fact]
    public async Task A_dev_env_file_copied_from_prod_is_refused_for_naming_prod_s_secret()
    {
        File.Copy(Path.Combine(_repo.Root, ".env.prod"), Path.Combine(_repo.Root, ".env.dev"), overwrite: true);

        var result = await _repo.PreflightWithSecretsAsync("dev");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["SecretsManager__SecretArn names the secret latch/prod, which is stage prod's: stage dev reads its own secret."], result.Lines);
    }
}
