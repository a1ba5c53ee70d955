using System.Text.Json.Nodes;
using Latch.OpsTests.Support;
using Latch.Tools.Preflight;

namespace Latch.OpsTests;

/// <summary>preflight resolves serverless.yml itself; these tests hold it to what the real framework renders.</summary>
public sealed class ServerlessFileTests
{
    /// <summary>
    /// The function environment preflight computes equals the one in the template the pinned Serverless Framework
    /// packaged (scripts/test.d/20-serverless-package.sh, run before the tests by ./scripts/test.sh) from the
    /// same serverless.yml and the example settings.
    /// </summary>
    [SkippableTheory]
    [InlineData("prod")]
    [InlineData("dev")]
    public void The_function_environment_matches_the_template_the_framework_packaged(string stage)
    {
        var template = Repository.Path($"artifacts/serverless/{stage}/cloudformation-template-update-stack.json");
        Skip.IfNot(File.Exists(template), $"{template} is not there: run ./scripts/test.sh (or scripts/test.d/20-serverless-package.sh) first.");

        var variables = JsonNode.Parse(File.ReadAllText(template))!["Resources"]!["ApiLambdaFunction"]!["Properties"]!["Environment"]!["Variables"]!
            .AsObject();
        var resolved = Resolve(stage);

        // A CloudFormation reference (the mail queue's URL, !Ref MailQueue) has its value only once deployed: offline,
        // the variable is there, its value is not comparable.
        var deployTime = variables.Where(p => p.Value is JsonObject).Select(p => p.Key).ToList();
        Assert.All(deployTime, name => Assert.True(resolved.ContainsKey(name), $"{name} is not in the resolved environment"));
        var packaged = variables.Where(p => p.Value is not JsonObject).ToDictionary(p => p.Key, p => p.Value!.ToString());
        Assert.Equal(packaged.OrderBy(p => p.Key, StringComparer.Ordinal),
            resolved.Where(p => !deployTime.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Resolves_nested_variables_fallbacks_and_list_slots_for_a_stage()
    {
        var environment = Resolve("dev");

        Assert.Equal("http://localhost:3000", environment["Cors__AllowedOrigins__0"]);
        Assert.Equal("http://localhost:5173", environment["Cors__AllowedOrigins__1"]);
        Assert.False(environment.ContainsKey("Cors__AllowedOrigins__2"));
        Assert.StartsWith("arn:aws:secretsmanager:eu-west-1:123456789012:secret:", environment["SecretsManager__SecretArn"], StringComparison.Ordinal);
        Assert.Equal("none", environment["OTEL_METRICS_EXPORTER"]);
        Assert.Equal("10", environment["Passwords__BcryptWorkFactor"]);
        Assert.Equal("deployment.environment.name=dev", environment["OTEL_RESOURCE_ATTRIBUTES"]);
    }

    [Fact]
    public void Refuses_a_variable_source_it_cannot_resolve_offline_by_name()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("latch-sls-").FullName, "serverless.yml");
        File.WriteAllText(path, "provider:\n  environment:\n    A: ${ssm:/latch/a}\n    B: ${env:NOPE}\n    C: ${env:NOPE, 'fallback'}\n");
        var file = ServerlessFile.Load(path, "prod", new Dictionary<string, string>(), new Dictionary<string, string> { ["stage"] = "prod" });

        var a = Assert.Throws<VariableException>(() => file.Get("provider.environment.A"));
        Assert.Contains("the source 'ssm' cannot be resolved offline", a.Message);
        Assert.Equal("${env:NOPE} has no value.", Assert.Throws<VariableException>(() => file.Get("provider.environment.B")).Message);
        Assert.Equal("fallback", file.Get("provider.environment.C"));
    }

    private static Dictionary<string, string> Resolve(string stage)
    {
        var environment = StageSettings.ReadDotenv(Repository.Path(".env.example"));
        var file = ServerlessFile.Load(Repository.Path("serverless.yml"), stage, environment, new Dictionary<string, string> { ["stage"] = stage });
        return ((Dictionary<string, object?>)file.Get("provider.environment")!)
            .Where(p => p.Value is not null)
            .ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal);
    }
}
