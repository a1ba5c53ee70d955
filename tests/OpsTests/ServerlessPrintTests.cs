using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Latch.OpsTests.Support;
using Latch.Tools;
using Latch.Tools.Preflight;

namespace Latch.OpsTests;

/// <summary>
/// preflight reads serverless.yml through the pinned Serverless Framework (<c>serverless print</c>): what it checks is
/// what the framework packages, including the forms a hand-written resolver read differently.
/// </summary>
public sealed class ServerlessPrintTests : IDisposable
{
    private readonly StageRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    /// <summary>The function environment preflight judges equals the one in the template the framework packages.</summary>
    [Theory]
    [InlineData("prod")]
    [InlineData("dev")]
    public async Task The_function_environment_preflight_reads_is_the_one_the_framework_packages(string stage)
    {
        var settings = await StageSettings.ResolveAsync(Context(), _repo.Root, stage, secretsPath: null, region: null);
        var template = await PackageAsync(stage);

        var variables = template["Resources"]!["ApiLambdaFunction"]!["Properties"]!["Environment"]!["Variables"]!.AsObject();
        // A reference to a resource of the stack (the mail queue's URL) has its value only once deployed: preflight
        // names it as such and the package holds it as an intrinsic function.
        Assert.Equal(variables.Where(p => p.Value is JsonObject).Select(p => p.Key).Order(StringComparer.Ordinal),
            settings.DeployTimeVariables.Order(StringComparer.Ordinal));
        var packaged = variables.Where(p => p.Value is not JsonObject).ToDictionary(p => p.Key, p => p.Value!.ToString());
        Assert.Equal(packaged.OrderBy(p => p.Key, StringComparer.Ordinal), settings.FunctionEnvironment.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(StageRepository.SecretArn(stage), settings.FunctionEnvironment["SecretsManager__SecretArn"]);
    }

    /// <summary>
    /// A stage block built with a YAML merge key (<c>&lt;&lt;: *anchor</c>), as js-yaml and so the framework read it. The
    /// hand-written resolver this replaced read <c>&lt;&lt;</c> as an ordinary key and reported every merged setting as
    /// having no value (three lines, exit 1) for a file the framework deploys as intended.
    /// </summary>
    [Fact]
    public async Task A_stage_block_built_with_a_YAML_merge_key_is_read_as_the_framework_reads_it()
    {
        _repo.Replace("serverless.yml", "      app:\n        bcryptWorkFactor: 10\n", "      app: &devApp\n        bcryptWorkFactor: 10\n");
        _repo.Replace("serverless.yml",
            "      app:\n        bcryptWorkFactor: 12\n        perIpBurstLimit: 2000\n        perIpPerMinute: 1000\n" +
            "        authPerMinute: 20       # also the WAF's per-IP limit on /v1/auth/ (a minute)\n",
            "      app:\n        <<: *devApp\n        bcryptWorkFactor: 12\n");

        var result = await _repo.PreflightWithSecretsAsync();
        var settings = await StageSettings.ResolveAsync(Context(), _repo.Root, "prod", secretsPath: null, region: null);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("12", settings.FunctionEnvironment["Passwords__BcryptWorkFactor"]);
        Assert.Equal("2000", settings.FunctionEnvironment["RateLimiting__PerIp__BurstLimit"]);
        Assert.Equal("20", settings.FunctionEnvironment["RateLimiting__Auth__PerMinute"]);
    }

    /// <summary>
    /// dotenv as the framework runs it: a quoted value with a comment after it, and <c>${VAR}</c> expanded from the same
    /// file. The hand-written resolver kept the quotes and the <c>${LATCH_REGION}</c> text, and refused the ARN.
    /// </summary>
    [Theory]
    [InlineData("LATCH_SECRET_ARN=\"arn:aws:secretsmanager:eu-west-1:123456789012:secret:latch/prod-AbCdEf\"   # prod's own secret\n")]
    [InlineData("LATCH_SECRET_ARN=arn:aws:secretsmanager:${LATCH_REGION}:123456789012:secret:latch/prod-AbCdEf\n")]
    public async Task The_env_file_is_read_as_the_framework_reads_it(string line)
    {
        _repo.Replace(".env.prod", $"LATCH_SECRET_ARN={StageRepository.SecretArn("prod")}\n", line);

        var result = await _repo.PreflightWithSecretsAsync();
        var settings = await StageSettings.ResolveAsync(Context(), _repo.Root, "prod", secretsPath: null, region: null);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(StageRepository.SecretArn("prod"), settings.FunctionEnvironment["SecretsManager__SecretArn"]);
    }

    [Fact]
    public async Task A_setting_the_framework_refuses_by_its_schema_is_named()
    {
        _repo.Replace("serverless.yml", "\n  timeout: 15\n", "\n  timeout: fifteen\n");

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["serverless.yml: provider.timeout: must be integer (the framework's schema)."], result.Lines);
    }

    [Fact]
    public async Task Any_other_refusal_of_the_framework_is_passed_on()
    {
        File.Delete(Path.Combine(_repo.Root, "deploy", "plugins", "api-stage.js"));

        var result = await _repo.PreflightWithSecretsAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["serverless.yml: serverless print --stage prod failed: Serverless plugin \"./deploy/plugins/api-stage.js\" not found. " +
                      "Make sure it's installed and listed in the \"plugins\" section of your serverless config file."], result.Lines);
    }

    [Fact]
    public async Task A_missing_or_different_framework_install_is_named()
    {
        _repo.Replace("deploy/package.json", "\"serverless\": \"3.40.0\"", "\"serverless\": \"3.39.0\"");
        var different = await _repo.PreflightWithSecretsAsync();
        Assert.Equal(1, different.ExitCode);
        Assert.Equal(["deploy/node_modules has serverless 3.40.0, deploy/package.json pins 3.39.0: run (cd deploy && npm ci --ignore-scripts)."],
            different.Lines);

        Directory.Delete(Path.Combine(_repo.Root, "deploy", "node_modules"));
        var missing = await _repo.PreflightWithSecretsAsync();
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal(["deploy/node_modules/serverless/bin/serverless.js: the pinned Serverless Framework is not installed: " +
                      "run (cd deploy && npm ci --ignore-scripts)."], missing.Lines);
    }

    /// <summary>An operator may export a setting instead of writing it in .env.&lt;stage&gt;: the framework sees it, and it wins.</summary>
    [Fact]
    public async Task A_setting_exported_in_the_environment_reaches_the_framework_and_wins_over_the_env_file()
    {
        _repo.Replace(".env.prod", "LATCH_JWT_ISSUER=https://auth.example.com\n", "");
        var environment = new Dictionary<string, string> { ["LATCH_JWT_ISSUER"] = "https://login.example.org" };

        var result = await Tool.RunAsync(["preflight", "--stage", "prod", "--repo", _repo.Root, "--secrets", _repo.SecretsFile], environment);
        var settings = await StageSettings.ResolveAsync(Context(environment), _repo.Root, "prod", secretsPath: null, region: null);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("https://login.example.org", settings.FunctionEnvironment["Jwt__Issuer"]);
    }

    private static ToolContext Context(IReadOnlyDictionary<string, string>? environment = null) =>
        new(TextWriter.Null, TextWriter.Null, environment ?? new Dictionary<string, string>(), Path.GetTempPath());

    /// <summary>
    /// <c>serverless package</c> on the stage repository, with a stand-in Lambda package (the template does not depend
    /// on its contents), offline and without credentials, as scripts/test.d/20-serverless-package.sh runs it.
    /// </summary>
    private async Task<JsonNode> PackageAsync(string stage)
    {
        var artifacts = Directory.CreateDirectory(Path.Combine(_repo.Root, "artifacts")).FullName;
        using (var zip = ZipFile.Open(Path.Combine(artifacts, "lambda.zip"), ZipArchiveMode.Create))
        {
            await using var entry = zip.CreateEntry("bootstrap").Open();
            await entry.WriteAsync("#!/bin/sh\nexit 1\n"u8.ToArray());
        }

        var output = Path.Combine(artifacts, "package-" + stage);
        var start = new ProcessStartInfo("node") { WorkingDirectory = _repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(_repo.Root, ServerlessPrint.FrameworkScript), "package", "--stage", stage, "--package", output })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k.StartsWith("LATCH_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["SLS_TELEMETRY_DISABLED"] = "1";
        start.Environment["SLS_NOTIFICATIONS_MODE"] = "off";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var log = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"serverless package --stage {stage} failed:\n{log}{await error}");
        return JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "cloudformation-template-update-stack.json")))!;
    }
}
