using System.Globalization;
using System.Text.Json.Nodes;
using Latch.Tools.Deployment;
using Latch.Tools.Cli;

namespace Latch.Tools.Preflight;

/// <summary>
/// <c>preflight --stage &lt;s&gt;</c>: everything that can be checked before a deploy without AWS. Prints one line per
/// problem (<c>path:line: what</c> for a file, <c>stage &lt;s&gt;: setting …</c> for a setting) and exits 1, or
/// prints one OK line and exits 0.
/// </summary>
internal static class PreflightCommand
{
    private static readonly string[] Options = ["--stage", "--secrets", "--region", "--repo"];

    public static async Task<int> RunAsync(IEnumerable<string> args, ToolContext context)
    {
        var arguments = Arguments.Parse(args, Options, []);
        if (arguments.Positional.Count > 0)
        {
            throw new UsageException($"unexpected argument '{arguments.Positional[0]}'.");
        }

        var stage = arguments.Required("--stage");
        if (!StageSettings.IsValidStageName(stage))
        {
            throw new UsageException("--stage must be a stage name such as prod or dev.");
        }

        var repository = arguments.Option("--repo") is { } repo ? context.FullPath(repo) : Git.TopLevel(context.WorkingDirectory);
        if (repository is null || Git.TopLevel(repository) is null)
        {
            throw new UsageException("not inside a git repository: run from the repository or give --repo <dir>.");
        }

        var secrets = arguments.Option("--secrets");
        var problems = new List<string>();
        var tracked = Git.TrackedFiles(repository);

        CheckEnvironmentFiles(repository, stage, tracked, problems);
        if (secrets is not null)
        {
            CheckSecretsFileLocation(repository, context.FullPath(secrets), problems);
        }

        if (!File.Exists(Path.Combine(repository, $".env.{stage}")) && !File.Exists(Path.Combine(repository, ".env")))
        {
            problems.Add($".env.{stage}: missing (copy .env.example to .env.{stage} and fill it in).");
        }

        try
        {
            var settings = await StageSettings.ResolveAsync(context, repository, stage, secrets, arguments.Option("--region"));
            problems.AddRange(settings.Problems);
            CheckStageLimits(settings.Serverless, problems);
            CheckGatewayCors(settings.Serverless, problems);
            var settingProblems = DeploymentSettings.Check(settings.Configuration(repository), StageRules.For(stage), settings.EnvironmentName)
                .Where(p => !settings.MissingSettings.Any(s => p.StartsWith(s + " is ", StringComparison.OrdinalIgnoreCase)));
            problems.AddRange(settingProblems.Select(p => $"stage {stage}: {p}"));
        }
        catch (StageSettingsException exception)
        {
            problems.Add(exception.Message);
        }
        catch (ServerlessPrintException exception)
        {
            // Nothing of the stage's settings can be checked until the framework resolves serverless.yml (nor deployed).
            problems.AddRange(exception.Problems);
        }

        var findings = SecretScanner.ScanRepository(repository, tracked);
        problems.AddRange(findings.Select(f => f.ToString()));

        foreach (var problem in problems)
        {
            await context.Out.WriteLineAsync(problem);
        }

        if (problems.Count > 0)
        {
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"preflight: stage {stage}: {problems.Count} problem(s); do not deploy until each line above is fixed."));
            return LatchTool.Problems;
        }

        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"preflight: stage {stage}: OK (settings valid, .env files ignored, {tracked.Count} tracked files scanned, no secret found)"));
        return LatchTool.Ok;
    }

    private static void CheckEnvironmentFiles(string repository, string stage, IReadOnlyList<string> tracked, List<string> problems)
    {
        foreach (var path in tracked)
        {
            var name = Path.GetFileName(path);
            if ((name == ".env" || name.StartsWith(".env.", StringComparison.Ordinal)) && name != ".env.example")
            {
                problems.Add($"{path}: an environment file is tracked (git rm --cached {path}, then rotate what it held).");
            }
        }

        foreach (var name in new[] { ".env", $".env.{stage}", ".env.production", ".env.local" }.Distinct(StringComparer.Ordinal))
        {
            if (!Git.IsIgnored(repository, name))
            {
                problems.Add($".gitignore: {name} is not ignored (add .env and .env.* with !.env.example).");
            }
        }
    }

    private static void CheckSecretsFileLocation(string repository, string secretsPath, List<string> problems)
    {
        var relative = Path.GetRelativePath(repository, secretsPath);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return;
        }

        relative = relative.Replace('\\', '/');
        if (Git.IsTracked(repository, relative))
        {
            problems.Add($"{relative}: the secrets file is tracked by git (remove it, then rotate every secret in it).");
        }
        else if (!Git.IsIgnored(repository, relative))
        {
            problems.Add($"{relative}: the secrets file is inside the repository and not ignored (move it out, e.g. to a mktemp directory).");
        }
    }

    /// <summary>The stage's own limits: both functions' reserved concurrency, stage throttling and the WAF rate rule.</summary>
    private static void CheckStageLimits(ResolvedServerless serverless, List<string> problems)
    {
        foreach (var name in new[] { "reservedConcurrency", "hashing.reservedConcurrency", "apiThrottle.burstLimit", "apiThrottle.rateLimit", "wafRateLimit" })
        {
            var text = ResolvedServerless.Text(serverless.Get($"custom.stage.{name}"));
            if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number <= 0)
            {
                problems.Add($"serverless.yml: custom.stages.{serverless.Stage}.{name} is not set to a positive number.");
            }
        }
    }

    /// <summary>API Gateway answers CORS preflights itself: its origin list must be as exact as the app's.</summary>
    private static void CheckGatewayCors(ResolvedServerless serverless, List<string> problems)
    {
        foreach (var (name, function) in serverless.Map("functions"))
        {
            foreach (var http in (function?["events"] as JsonArray ?? []).Select(e => (e as JsonObject)?["http"] as JsonObject))
            {
                var cors = http?["cors"];
                List<string> origins = cors switch
                {
                    JsonValue flag when ResolvedServerless.Text(flag) == "true" => ["*"],
                    JsonObject map => (map["origins"] as JsonArray)?.Select(ResolvedServerless.Text).OfType<string>().ToList()
                        ?? (ResolvedServerless.Text(map["origin"]) is { } one ? [one] : ["*"]),
                    _ => [],
                };
                if (origins.Any(o => o.Contains('*', StringComparison.Ordinal)))
                {
                    problems.Add($"serverless.yml: functions.{name} http cors allows any origin ('*'): list the exact origins.");
                }

                if (origins.Count > 5)
                {
                    problems.Add($"serverless.yml: functions.{name} has {origins.Count} CORS origins; the app reads only Cors__AllowedOrigins__0..4.");
                }
            }
        }
    }
}
