using System.Diagnostics;

namespace Latch.OpsTests.Support;

internal sealed record ScriptResult(int ExitCode, string Out, string Error, IReadOnlyList<string[]> Calls)
{
    public override string ToString() =>
        $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}--- calls\n{string.Join('\n', Calls.Select(c => string.Join(' ', c)))}";
}

/// <summary>
/// A stand-in <c>aws</c> on PATH: it records each call's arguments and answers with canned output per
/// "service operation" (in order, when several answers are given), so the tests see the exact AWS CLI calls
/// the scripts make and how they judge the answers. No AWS account or CLI is involved.
/// </summary>
internal sealed class AwsStandIn : IDisposable
{
    private const string Script = """
        #!/usr/bin/env bash
        { for a in "$@"; do printf '%s\n' "$a"; done; printf '%s\n' '--end--'; } >> "$AWS_STANDIN_DIR/calls"
        key="$1-$2"
        count=$(( $(cat "$AWS_STANDIN_DIR/$key.count" 2>/dev/null || echo 0) + 1 ))
        echo "$count" > "$AWS_STANDIN_DIR/$key.count"
        answer="$AWS_STANDIN_DIR/$key.$count"
        [ -f "$answer.out" ] || answer="$AWS_STANDIN_DIR/$key"
        [ -f "$answer.out" ] && cat "$answer.out"
        exit "$(cat "$answer.rc" 2>/dev/null || echo 0)"
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("latch-aws-").FullName;

    public AwsStandIn()
    {
        Directory.CreateDirectory(BinDirectory);
        var aws = Path.Combine(BinDirectory, "aws");
        File.WriteAllText(aws, Script.Replace("\r", "", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(aws, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string BinDirectory => Path.Combine(_directory, "bin");

    /// <summary>What <c>aws service operation</c> prints and exits with; with <paramref name="call"/>, only on that call.</summary>
    public AwsStandIn Answer(string service, string operation, string output, int exitCode = 0, int? call = null)
    {
        var name = Path.Combine(_directory, $"{service}-{operation}" + (call is { } n ? $".{n}" : ""));
        File.WriteAllText(name + ".out", output);
        File.WriteAllText(name + ".rc", exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return this;
    }

    public Task<ScriptResult> RunAsync(string script, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        bool awsOnPath = true)
    {
        var path = awsOnPath ? $"{BinDirectory}:{ToolsDirectory()}" : ToolsDirectory();
        return RunScriptAsync(script, args, environment, path);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<ScriptResult> RunScriptAsync(string script, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment,
        string path)
    {
        var start = new ProcessStartInfo("/bin/bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Repository.Path($"scripts/ops/{script}"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "LATCH_STAGE", "LATCH_REGION", "AWS_REGION", "AWS_DEFAULT_REGION", "LATCH_OPS_NOW" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["PATH"] = path;
        start.Environment["AWS_STANDIN_DIR"] = _directory;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ScriptResult(process.ExitCode, await output, await error, Calls());
    }

    private List<string[]> Calls()
    {
        var file = Path.Combine(_directory, "calls");
        if (!File.Exists(file))
        {
            return [];
        }

        var calls = new List<string[]>();
        var current = new List<string>();
        foreach (var line in File.ReadAllLines(file))
        {
            if (line == "--end--")
            {
                calls.Add([.. current]);
                current.Clear();
            }
            else
            {
                current.Add(line);
            }
        }

        return calls;
    }

    /// <summary>A PATH with the few tools the scripts use and nothing else, so no real aws CLI can be reached.</summary>
    private string ToolsDirectory()
    {
        var tools = Path.Combine(_directory, "tools");
        if (Directory.Exists(tools))
        {
            return tools;
        }

        Directory.CreateDirectory(tools);
        foreach (var tool in new[] { "bash", "basename", "dirname", "awk", "sed", "date", "tr", "cat", "seq", "sleep" })
        {
            var found = new[] { "/usr/bin", "/bin" }.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException($"{tool} not found in /usr/bin or /bin");
            File.CreateSymbolicLink(Path.Combine(tools, tool), found);
        }

        return tools;
    }
}
