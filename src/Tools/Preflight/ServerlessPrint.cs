using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Latch.Tools.Preflight;

/// <summary>
/// serverless.yml as the pinned Serverless Framework resolves it for a stage: <c>serverless print --stage s --format json</c>
/// run from the repository's own install (deploy/node_modules, pinned by deploy/package.json), so preflight checks
/// exactly what <c>serverless deploy</c> would use: the framework's variable resolution, its .env loading (dotenv with
/// expansion), YAML merge keys, its schema validation. It needs no AWS access for this file's variable sources; it is
/// given no credentials and no secret: the AWS credential variables and <c>LATCH_SECRETS_JSON</c> are removed from its
/// environment, the shared credential and config files point at the null device, and the instance metadata lookup is off.
/// </summary>
internal static partial class ServerlessPrint
{
    public const string FrameworkScript = "deploy/node_modules/serverless/bin/serverless.js";
    private const string Install = "(cd deploy && npm ci --ignore-scripts)";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>Taken from the tool's own process so that node runs at all; everything else comes from the command's environment.</summary>
    private static readonly string[] ProcessBasics =
    [
        "PATH", "HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "TMPDIR", "LANG", "LC_ALL", "LC_CTYPE",
        "SystemRoot", "USERPROFILE", "HOMEDRIVE", "HOMEPATH", "APPDATA", "LOCALAPPDATA",
    ];

    public static async Task<ResolvedServerless> RunAsync(ToolContext context, string repository, string stage, string? region)
    {
        var script = Path.Combine(repository, FrameworkScript);
        if (!File.Exists(script))
        {
            throw new StageSettingsException($"{FrameworkScript}: the pinned Serverless Framework is not installed: run {Install}.");
        }

        CheckPinnedVersion(repository);

        string[] arguments = ["print", "--stage", stage, "--format", "json", .. region is null ? Array.Empty<string>() : ["--region", region]];
        var (code, output, error) = await RunNodeAsync(context, repository, script, arguments);
        if (code == 0)
        {
            try
            {
                if (JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]) is JsonObject root)
                {
                    return new ResolvedServerless(root, stage);
                }
            }
            catch (Exception exception) when (exception is JsonException or ArgumentOutOfRangeException)
            {
                // reported below
            }

            throw new StageSettingsException($"serverless print --stage {stage}: the framework's output is not a JSON configuration.");
        }

        throw new ServerlessPrintException(stage, Problems(repository, stage, output + "\n" + error));
    }

    /// <summary>The framework's own reasons, one line each, each naming the setting of serverless.yml.</summary>
    private static List<string> Problems(string repository, string stage, string log)
    {
        var problems = new List<string>();
        var lines = File.ReadAllLines(Path.Combine(repository, "serverless.yml"));
        foreach (Match match in Unresolved().Matches(log))
        {
            var path = match.Groups["path"].Value;
            problems.Add(path == "custom.stage"
                ? $"serverless.yml: custom.stages.{stage} is not defined (a stage must be listed there)."
                : $"{Where(lines, path)}: {match.Groups["why"].Value.TrimEnd(',', ' ')}.");
        }

        foreach (Match match in Invalid().Matches(log))
        {
            problems.Add($"serverless.yml: {match.Groups["path"].Value}: {match.Groups["why"].Value.Trim()} (the framework's schema).");
        }

        if (problems.Count == 0)
        {
            // Any other refusal (a plugin missing, YAML that does not parse): the framework's message, without its banner.
            var message = log.Split('\n').Select(l => l.Trim())
                .SkipWhile(l => l != "Error:").Skip(1)
                .TakeWhile(l => l.Length > 0 && !l.StartsWith("Environment:", StringComparison.Ordinal));
            problems.Add($"serverless.yml: serverless print --stage {stage} failed: {string.Join(' ', message).TrimEnd('.')}.");
        }

        return problems;
    }

    /// <summary>
    /// <c>serverless.yml:LINE: path (its text)</c> when the path's last key with a variable is written on one line only,
    /// or first below the path's other keys in order, outside lists (two functions both set reservedConcurrency), which
    /// names the variable the framework could not resolve (its message names only the source); else
    /// <c>serverless.yml: path</c>.
    /// </summary>
    private static string Where(string[] lines, string path)
    {
        var key = path[(path.LastIndexOf('.') + 1)..] + ":";
        var found = lines.Select((text, index) => (Text: text.Trim(), Number: index + 1))
            .Where(line => line.Text.StartsWith(key, StringComparison.Ordinal) && line.Text.Contains("${", StringComparison.Ordinal)).ToList();
        if (found.Count > 1 && !path.Split('.').Any(p => p.All(char.IsAsciiDigit)))
        {
            // Walk down the path's keys: the first match after the parents' lines is the path's own. Not through a list,
            // whose items repeat the same keys: there the line stays unnamed rather than wrongly named.
            var after = 0;
            foreach (var parent in path.Split('.')[..^1])
            {
                var next = Array.FindIndex(lines, after, l => l.Trim().StartsWith(parent + ":", StringComparison.Ordinal));
                after = next < 0 ? lines.Length : next + 1;
            }

            found = [.. found.Where(f => f.Number > after).Take(1)];
        }

        return found.Count == 1
            ? $"serverless.yml:{found[0].Number}: {path} ({found[0].Text[key.Length..].Trim()})"
            : $"serverless.yml: {path}";
    }

    private static void CheckPinnedVersion(string repository)
    {
        var pinned = Read(Path.Combine(repository, "deploy", "package.json"))?["dependencies"]?["serverless"]?.GetValue<string>();
        var installed = Read(Path.Combine(repository, "deploy", "node_modules", "serverless", "package.json"))?["version"]?.GetValue<string>();
        if (pinned is null || installed != pinned)
        {
            throw new StageSettingsException(
                $"deploy/node_modules has serverless {installed ?? "(unknown)"}, deploy/package.json pins {pinned ?? "(nothing)"}: run {Install}.");
        }

        static JsonNode? Read(string path)
        {
            try
            {
                return JsonNode.Parse(File.ReadAllText(path));
            }
            catch (Exception exception) when (exception is IOException or JsonException)
            {
                return null;
            }
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunNodeAsync(
        ToolContext context, string repository, string script, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Environment(start.Environment, context.Environment);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new StageSettingsException("node is not on PATH: the Serverless Framework needs Node.js 20 or later.");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Limit);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new StageSettingsException($"serverless print did not finish within {Limit.TotalSeconds:0} s.");
            }

            return (process.ExitCode, await output, await error);
        }
    }

    /// <summary>
    /// What the framework sees: the command's environment (for <c>${env:…}</c>: the operator may export a setting instead
    /// of writing it in .env.&lt;stage&gt;), less the secret, AWS credentials and node preloads; quiet and offline.
    /// </summary>
    private static void Environment(IDictionary<string, string?> target, IReadOnlyDictionary<string, string> variables)
    {
        target.Clear();
        foreach (var name in ProcessBasics)
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                target[name] = value;
            }
        }

        foreach (var (name, value) in variables)
        {
            if (name != StageSettings.SecretsVariable && !name.StartsWith("AWS_", StringComparison.OrdinalIgnoreCase) &&
                !name.StartsWith("NODE_", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("SERVERLESS_", StringComparison.OrdinalIgnoreCase))
            {
                target[name] = value;
            }
        }

        var nothing = OperatingSystem.IsWindows() ? "NUL" : "/dev/null";
        target["AWS_SHARED_CREDENTIALS_FILE"] = nothing;
        target["AWS_CONFIG_FILE"] = nothing;
        target["AWS_EC2_METADATA_DISABLED"] = "true";
        target["SLS_TELEMETRY_DISABLED"] = "1";
        target["SLS_TRACKING_DISABLED"] = "1";
        target["SLS_NOTIFICATIONS_MODE"] = "off";
        target["SLS_INTERACTIVE_SETUP_DISABLE"] = "1";
        target["npm_config_update_notifier"] = "false";
    }

    [GeneratedRegex("""Cannot resolve variable at "(?<path>[^"]+)": (?<why>[^\r\n]+)""")]
    private static partial Regex Unresolved();

    [GeneratedRegex("""Configuration error at '(?<path>[^']+)': (?<why>[^\r\n]+)""")]
    private static partial Regex Invalid();
}

/// <summary>The framework refused to resolve serverless.yml for the stage; one line per reason.</summary>
#pragma warning disable CA1032 // only ever thrown with its problems
internal sealed class ServerlessPrintException(string stage, IReadOnlyList<string> problems)
    : Exception($"serverless print --stage {stage} failed.")
#pragma warning restore CA1032
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
