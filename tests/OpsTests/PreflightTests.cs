using Latch.OpsTests.Support;

namespace Latch.OpsTests;

public sealed class PreflightTests : IDisposable
{
    private readonly StageRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task A_clean_tree_with_valid_settings_passes()
    {
        var result = await _repo.PreflightWithSecretsAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["preflight: stage prod: OK (settings valid, .env files ignored, 6 tracked files scanned, no secret found)"], result.Lines);
    }

    [Fact]
    public async Task Takes_the_secret_from_LATCH_SECRETS_JSON_as_well()
    {
        var environment = new Dictionary<string, string> { ["LATCH_SECRETS_JSON"] = await File.ReadAllTextAsync(_repo.SecretsFile) };

        var result = await Tool.RunAsync(["preflight", "--stage", "prod", "--repo", _repo.Root], environment);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Without_the_secret_says_which_values_were_not_checked_once_each()
    {
        var result = await _repo.PreflightAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            "secret latch/prod: jwtPrivateKeyPem not given (--secrets <file.json> or LATCH_SECRETS_JSON), so Jwt:Keys:0:PrivateKeyPem was not checked.",
            "secret latch/prod: passwordPepper not given (--secrets <file.json> or LATCH_SECRETS_JSON), so Passwords:Pepper was not checked.",
            "secret latch/prod: mongoConnectionString not given (--secrets <file.json> or LATCH_SECRETS_JSON), so Storage:Mongo:ConnectionString was not checked.",
        ], result.Lines);
    }

    [Fact]
    public async Task A_secret_resolved_into_the_function_environment_is_refused()
    {
        _repo.Replace("serverless.yml", "    Storage__Provider: Mongo\n",
            "    Storage__Provider: Mongo\n    Passwords__Pepper: '{{resolve:secretsmanager:latch/prod:SecretString:passwordPepper}}'\n");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["serverless.yml: provider.environment.Passwords__Pepper is a dynamic reference: CloudFormation resolves it into the " +
                      "function's configuration, readable with lambda:GetFunctionConfiguration. Put the value in the stage's secret " +
                      "(SecretsManager__SecretArn) instead."], result.Lines);
    }

    [Fact]
    public async Task A_secret_name_instead_of_its_ARN_is_named()
    {
        _repo.Replace(".env.prod", "LATCH_SECRET_ARN=arn:aws:secretsmanager:eu-west-1:123456789012:secret:latch/prod-AbCdEf\n",
            "LATCH_SECRET_ARN=latch/prod\n");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Lines, line => line.StartsWith("SecretsManager__SecretArn is latch/prod: expected the full ARN", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("passwordPepper", "c2hvcnQ=", "stage prod: Passwords:Pepper must decode to at least 32 bytes.")]
    [InlineData("passwordPepper", "not base64!", "stage prod: Passwords:Pepper must be base64.")]
    [InlineData("jwtPrivateKeyPem", "not a pem", "stage prod: Jwt:Keys (latch-2026-01) PrivateKeyPem is not a valid PEM private key.")]
    [InlineData("mongoConnectionString", "mongodb://latch:<password>@db.example.net:27017/latch",
        "stage prod: Storage:Mongo:ConnectionString must use TLS in Production: a mongodb+srv:// address, or tls=true.")]
    [InlineData("mongoConnectionString", "mongodb+srv://latch:<password>@cluster0.example.net/?tls=false",
        "stage prod: Storage:Mongo:ConnectionString must use TLS in Production: a mongodb+srv:// address, or tls=true.")]
    [InlineData("mongoConnectionString", "mongodb+srv://latch:<password>@cluster0.example.net/?tlsAllowInvalidCertificates=true",
        "stage prod: Storage:Mongo:ConnectionString must not switch off TLS certificate or host name checks in Production.")]
    [InlineData("mongoConnectionString", "mongodb+srv://latch:<short>@cluster0.example.net/",
        "stage prod: Storage:Mongo:ConnectionString: the database password is shorter than 16 characters.")]
    [InlineData("mongoConnectionString", "mongodb+srv://cluster0.example.net/",
        "stage prod: Storage:Mongo:ConnectionString has no credentials (a user and password, or authMechanism=MONGODB-AWS).")]
    [InlineData("mongoConnectionString", "postgres://latch@db.example.net/",
        "stage prod: Storage:Mongo:ConnectionString is not a valid MongoDB connection string.")]
    public async Task A_weak_or_unsafe_secret_is_named_without_its_value(string secret, string template, string expected)
    {
        // Passwords filled in at run time: the committed text holds placeholders only, which preflight's scan lets pass.
        var value = template.Replace("<password>", "a-long-enough-" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)), StringComparison.Ordinal)
            .Replace("<short>", "hunter2", StringComparison.Ordinal);
        _repo.ChangeSecret(secret, value);

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([expected], result.Lines);
        Assert.DoesNotContain(value, result.Out + result.Error);
    }

    [Fact]
    public async Task A_Mongo_connection_with_IAM_authentication_needs_no_password()
    {
        _repo.ChangeSecret("mongoConnectionString", "mongodb+srv://cluster0.example.net/?authMechanism=MONGODB-AWS&authSource=%24external");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task A_wildcard_origin_is_refused_in_the_app_and_at_API_Gateway()
    {
        _repo.Replace("serverless.yml", "        - https://app.example.com\n", "        - '*'\n");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("serverless.yml: functions.api http cors allows any origin ('*'): list the exact origins.", result.Lines);
        Assert.Contains("stage prod: Cors:AllowedOrigins:0 must be an exact origin, not a wildcard.", result.Lines);
    }

    [Fact]
    public async Task Plain_http_and_local_origins_are_refused()
    {
        _repo.Replace("serverless.yml", "        - https://app.example.com\n", "        - http://app.example.com\n        - https://localhost:5173\n");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            "stage prod: Cors:AllowedOrigins:0 must use https:// in Production.",
            "stage prod: Cors:AllowedOrigins:1 is a local address, not a deployed web app's origin.",
        ], result.Lines);
    }

    [Fact]
    public async Task An_unset_app_limit_is_named_where_the_framework_cannot_resolve_it()
    {
        _repo.Replace("serverless.yml", "        authPerMinute: 20       # also the WAF's per-IP limit on /v1/auth/ (a minute)\n      alarms:\n        lambdaErrors: 1\n",
            "      alarms:\n        lambdaErrors: 1\n");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            $"serverless.yml:{_repo.LineOf("RateLimiting__Auth__PerMinute:")}: provider.environment.RateLimiting__Auth__PerMinute " +
            "(${self:custom.stage.app.authPerMinute}): Value not found at \"self\" source.",
            "serverless.yml: resources.Resources.WebAcl.Properties.Rules.1.Statement.RateBasedStatement.Limit: Value not found at \"self\" source.",
        ], result.Lines);
    }

    [Fact]
    public async Task Stage_limits_that_are_not_positive_are_named()
    {
        _repo.Replace("serverless.yml", "        rateLimit: 1000\n", "        rateLimit: 0\n");
        _repo.Replace("serverless.yml", "      reservedConcurrency: 3\n", "      reservedConcurrency: 0\n");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            "serverless.yml: custom.stages.prod.reservedConcurrency is not set to a positive number.",
            "serverless.yml: custom.stages.prod.apiThrottle.rateLimit is not set to a positive number.",
        ], result.Lines);
    }

    [Fact]
    public async Task An_unset_stage_limit_is_named_where_the_framework_cannot_resolve_it()
    {
        _repo.Replace("serverless.yml", "      reservedConcurrency: 3\n", "");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"serverless.yml:{_repo.LineOf("reservedConcurrency: ${self:custom.stage.reservedConcurrency}")}: functions.api.reservedConcurrency " +
                      "(${self:custom.stage.reservedConcurrency}): Value not found at \"self\" source."], result.Lines);
    }

    [Fact]
    public async Task A_missing_env_value_is_named()
    {
        _repo.Replace(".env.prod", "LATCH_JWT_ISSUER=https://auth.example.com\n", "");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"serverless.yml:{_repo.LineOf("Jwt__Issuer:")}: provider.environment.Jwt__Issuer (${{env:LATCH_JWT_ISSUER}}): " +
                      "Value not found at \"env\" source."], result.Lines);
    }

    [Fact]
    public async Task A_missing_env_file_and_an_unknown_stage_are_named()
    {
        File.Delete(Path.Combine(_repo.Root, ".env.prod"));
        var missing = await _repo.PreflightWithSecretsAsync();
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains(".env.prod: missing (copy .env.example to .env.prod and fill it in).", missing.Lines);

        var unknown = await Tool.RunAsync(["preflight", "--stage", "staging", "--repo", _repo.Root, "--secrets", _repo.SecretsFile]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("serverless.yml: custom.stages.staging is not defined (a stage must be listed there).", unknown.Lines);
    }

    [Fact]
    public async Task A_tracked_env_file_is_named()
    {
        _repo.Commit("oops", ".env.prod");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([".env.prod: an environment file is tracked (git rm --cached .env.prod, then rotate what it held)."], result.Lines);
    }

    [Fact]
    public async Task Env_files_that_are_not_ignored_are_named()
    {
        _repo.Write(".gitignore", "bin/\nobj/\n");
        _repo.Commit("no env rules");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            ".env.dev: an environment file is tracked (git rm --cached .env.dev, then rotate what it held).",
            ".env.prod: an environment file is tracked (git rm --cached .env.prod, then rotate what it held).",
            ".gitignore: .env is not ignored (add .env and .env.* with !.env.example).",
            ".gitignore: .env.prod is not ignored (add .env and .env.* with !.env.example).",
            ".gitignore: .env.production is not ignored (add .env and .env.* with !.env.example).",
            ".gitignore: .env.local is not ignored (add .env and .env.* with !.env.example).",
        ], result.Lines);
    }

    [Fact]
    public async Task A_secrets_file_inside_the_repository_must_be_ignored()
    {
        File.Copy(_repo.SecretsFile, Path.Combine(_repo.Root, "secret.json"));

        var result = await _repo.PreflightAsync("--secrets", Path.Combine(_repo.Root, "secret.json"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("secret.json: the secrets file is inside the repository and not ignored (move it out, e.g. to a mktemp directory).", result.Lines);
    }

    [Fact]
    public async Task An_unreadable_secret_is_reported_without_echoing_it()
    {
        await File.WriteAllTextAsync(_repo.SecretsFile, "{\"passwordPepper\": \"s3cr3t-value\"");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{_repo.SecretsFile}: the secret is not valid JSON.", result.Lines);
        Assert.DoesNotContain("s3cr3t-value", result.Out + result.Error);
    }

    [Theory]
    [InlineData("config/signing.pem", "{0}\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n", 1, "a PEM private key")]
    [InlineData("docs/notes.md", "deploy key: {1}\n", 1, "an AWS access key id")]
    [InlineData("scripts/credentials.ini", "[default]\naws_secret_access_key = {2}\n", 2, "an AWS secret access key")]
    [InlineData("src/appsettings.Production.json", "{{\n  \"Passwords\": {{ \"Pepper\": \"{3}\" }}\n}}\n", 2, "a JWT secret or pepper assigned in configuration")]
    [InlineData("deploy/env.sh", "export MONGO=mongodb+srv://latch:{4}@cluster0.example.net/latch\n", 1, "a MongoDB connection string with a password")]
    [InlineData("tests/fixture.txt", "token {5}\n", 1, "a signed JWT")]
    public async Task A_planted_secret_fails_naming_the_file_and_line_but_not_the_secret(string path, string template, int line, string what)
    {
        var secrets = PlantedSecrets();
        _repo.Write(path, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, [.. secrets]));
        _repo.Commit("planted");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"{path}:{line}: {what}"], result.Lines);
        foreach (var secret in secrets.Skip(1))
        {
            Assert.DoesNotContain(secret, result.Out + result.Error);
        }
    }

    [Fact]
    public async Task Usage_errors_exit_2()
    {
        Assert.Contains("--stage is required.", (await Tool.RunAsync(["preflight", "--repo", _repo.Root])).Error);
        Assert.Equal(2, (await Tool.RunAsync(["preflight", "--repo", _repo.Root])).ExitCode);
        Assert.Equal(2, (await Tool.RunAsync(["preflight", "--stage", "Prod!", "--repo", _repo.Root])).ExitCode);
        var outside = await Tool.RunAsync(["preflight", "--stage", "prod"], workingDirectory: _repo.SecretsDirectory);
        Assert.Equal(2, outside.ExitCode);
        Assert.Contains("not inside a git repository", outside.Error);
    }

    /// <summary>Made at run time, so that no secret-looking text is committed.</summary>
    private static string[] PlantedSecrets()
    {
        const string upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var random = System.Security.Cryptography.RandomNumberGenerator.GetString(upper, 16);
        var secretKey = Keys.Secret(30).Replace('=', 'A');
        string Part() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return
        [
            "-----BEGIN " + "PRIVATE KEY-----",
            "AKIA" + random,
            secretKey,
            "Aa1" + Keys.Secret(),
            "Zx9" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10)),
            "eyJ" + Part() + ".eyJ" + Part() + "." + Part(),
        ];
    }
}
