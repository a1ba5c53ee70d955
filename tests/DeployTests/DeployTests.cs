using System.Text.Json.Nodes;

namespace Latch.DeployTests;

/// <summary>
/// `serverless deploy` with the pinned framework, for real, against a fresh AWS account simulated in-process
/// (AwsStandIn/aws-account.js, preloaded into the framework: no request leaves the machine). The stand-in answers
/// a change set CloudFormation would refuse with CloudFormation's error; the tests also read back every change
/// set the framework sent and hold it to the same rules: each parameter sent is declared in the template sent,
/// and the template is the one packaged (the core template for the create, the full one for the update).
/// </summary>
public sealed class DeployTests
{
    private static string StandIn => Path.Combine(Template.RepositoryRoot(), "tests", "DeployTests", "AwsStandIn", "aws-account.js");

    [Fact]
    public async Task First_deploy_creates_the_stack_and_then_updates_it_to_the_packaged_template()
    {
        using var account = new Account();
        var work = Framework.CopyStaging("prod");
        try
        {
            var calls = await account.Deploy(work);

            var changeSets = ChangeSets(calls);
            Assert.Equal(["CREATE", "UPDATE"], changeSets.Select(c => (string)c["type"]!));
            var packaged = Path.Combine(work.FullName, ".serverless");
            AssertAccepted(changeSets[0], Read(Path.Combine(packaged, "cloudformation-template-create-stack.json")), viaUrl: false);
            AssertAccepted(changeSets[1], Read(Path.Combine(packaged, Template.FileName)), viaUrl: true);
            Assert.Equal("UPDATE_COMPLETE", account.StackStatus("latch-prod"));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_second_deploy_updates_the_existing_stack_to_the_packaged_template()
    {
        using var account = new Account();
        var work = Framework.CopyStaging("prod");
        try
        {
            await account.Deploy(work);
            // A change, as a release brings one: the function's package is rebuilt.
            var zip = Path.Combine(work.FullName, "artifacts", "lambda.zip");
            var bytes = await File.ReadAllBytesAsync(zip);
            File.Delete(zip);
            await File.WriteAllBytesAsync(zip, [.. bytes, 0]);

            var calls = await account.Deploy(work);

            var changeSets = ChangeSets(calls);
            Assert.Equal(["UPDATE"], changeSets.Select(c => (string)c["type"]!));
            AssertAccepted(changeSets[0], Read(Path.Combine(work.FullName, ".serverless", Template.FileName)), viaUrl: true);
            Assert.Equal("UPDATE_COMPLETE", account.StackStatus("latch-prod"));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>What CloudFormation checks of a change set, and that its template is <paramref name="packaged"/>.</summary>
    private static void AssertAccepted(JsonObject changeSet, JsonNode packaged, bool viaUrl)
    {
        var sent = JsonNode.Parse((string)changeSet["template"]!)!;
        Assert.True(JsonNode.DeepEquals(packaged, sent), $"the {changeSet["type"]} change set's template is not the packaged one");
        Assert.Equal(viaUrl, changeSet["templateUrl"] is not null);

        var declared = sent["Parameters"] as JsonObject ?? [];
        var parameters = (changeSet["parameters"] as JsonArray ?? []).Select(p => (string)p!["ParameterKey"]!).ToList();
        Assert.All(parameters, key => Assert.True(declared.ContainsKey(key), $"parameter {key} is sent but not declared"));
        Assert.All(declared.Where(d => d.Value?["Default"] is null),
            d => Assert.True(parameters.Contains(d.Key), $"parameter {d.Key} is declared without a default but not sent"));
    }

    private static List<JsonObject> ChangeSets(List<JsonObject> calls) =>
        [.. calls.Where(c => c["changeSet"] is not null).Select(c => c["changeSet"]!.AsObject())];

    private static JsonNode Read(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    /// <summary>One simulated account: its state lives in a temporary folder that outlives each framework run.</summary>
    private sealed class Account : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("latch-aws-");

        private string CallsPath => Path.Combine(_dir.FullName, "calls.jsonl");

        /// <summary>Runs `serverless deploy --stage prod` in <paramref name="work"/>; returns the calls it made.</summary>
        public async Task<List<JsonObject>> Deploy(DirectoryInfo work)
        {
            File.Delete(CallsPath);
            var (exitCode, log) = await Framework.Run(work.FullName, new Dictionary<string, string>
            {
                ["NODE_OPTIONS"] = $"--require={StandIn}",
                ["LATCH_AWS_STAND_IN_DIR"] = _dir.FullName,
                // Stand-in credentials: the framework insists on some before it calls AWS; nothing checks them.
                ["AWS_ACCESS_KEY_ID"] = "AKIASTANDIN",
                ["AWS_SECRET_ACCESS_KEY"] = "stand-in",
                // The stand-in answers at once: poll it without the framework's 5 s pause.
                ["SLS_AWS_MONITORING_FREQUENCY"] = "10",
            }, "deploy", "--stage", "prod");

            var calls = File.Exists(CallsPath)
                ? File.ReadLines(CallsPath).Select(l => JsonNode.Parse(l)!.AsObject()).ToList()
                : [];
            var refused = calls.Where(c => c["error"] is not null && !Expected(c)).Select(c => c.ToJsonString()).ToList();
            Assert.True(exitCode == 0 && refused.Count == 0,
                $"serverless deploy failed ({exitCode}); refused calls:\n{string.Join("\n", refused)}\n{log}");
            Assert.DoesNotContain(calls, c => c["unknown"] is not null);
            return calls;
        }

        public string? StackStatus(string name)
        {
            var state = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.FullName, "state.json")))!;
            return (string?)state["stacks"]?[name]?["status"];
        }

        public void Dispose() => _dir.Delete(recursive: true);

        /// <summary>The framework's own probes of a fresh account: no stack yet, no function yet.</summary>
        private static bool Expected(JsonObject call) => ((string?)call["call"], (string?)call["error"]) switch
        {
            ("cloudformation.describeStacks", "ValidationError") => ((string?)call["message"])!.EndsWith("does not exist", StringComparison.Ordinal),
            ("lambda.getFunction", "ResourceNotFoundException") => true,
            _ => false,
        };
    }
}
