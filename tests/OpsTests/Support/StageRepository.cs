using System.Diagnostics;
using System.Text.Json;

namespace Latch.OpsTests.Support;

/// <summary>
/// A throwaway git repository holding the deployment files of this one (serverless.yml, .gitignore, .env.example,
/// the Lambda host's appsettings.json), a filled-in .env.prod, and a secrets file outside the repository with
/// strong values made at run time: preflight passes on it as it is, and each test breaks one thing.
/// </summary>
internal sealed class StageRepository : IDisposable
{
    private static readonly string[] Files = ["serverless.yml", ".gitignore", ".env.example", "src/Host.Lambda/appsettings.json"];

    public StageRepository()
    {
        Root = Directory.CreateTempSubdirectory("latch-preflight-").FullName;
        SecretsDirectory = Directory.CreateTempSubdirectory("latch-secret-").FullName;
        foreach (var file in Files)
        {
            var target = Path.Combine(Root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Repository.Path(file), target);
        }

        File.Copy(Path.Combine(Root, ".env.example"), Path.Combine(Root, ".env.prod"));
        Git("init", "-q", "-b", "main");
        Commit("deployment files");
        WriteSecrets(new Dictionary<string, string>
        {
            ["jwtPrivateKeyPem"] = Keys.Es256Pem(),
            ["passwordPepper"] = Keys.Secret(),
            ["mongoConnectionString"] = "mongodb+srv://latch:" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)) +
                                        "@cluster0.example.mongodb.net/?retryWrites=true&w=majority",
        });
    }

    public string Root { get; }

    public string SecretsDirectory { get; }

    public string SecretsFile => Path.Combine(SecretsDirectory, "secret.json");

    public void WriteSecrets(IReadOnlyDictionary<string, string> secrets) =>
        File.WriteAllText(SecretsFile, JsonSerializer.Serialize(secrets));

    public void ChangeSecret(string name, string value)
    {
        var secrets = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(SecretsFile))!;
        secrets[name] = value;
        WriteSecrets(secrets);
    }

    public void Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Replace(string relativePath, string oldText, string newText)
    {
        var path = Path.Combine(Root, relativePath);
        var text = File.ReadAllText(path);
        Assert.Contains(oldText, text);
        File.WriteAllText(path, text.Replace(oldText, newText, StringComparison.Ordinal));
    }

    public void Commit(string message, params string[] forceAdd)
    {
        Git("add", "-A");
        foreach (var path in forceAdd)
        {
            Git("add", "-f", "--", path);
        }

        Git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "--allow-empty", "-m", message);
    }

    public Task<ToolResult> PreflightAsync(params string[] extra) =>
        Tool.RunAsync(["preflight", "--stage", "prod", "--repo", Root, .. extra]);

    public Task<ToolResult> PreflightWithSecretsAsync(params string[] extra) =>
        PreflightAsync(["--secrets", SecretsFile, .. extra]);

    public void Dispose()
    {
        foreach (var directory in new[] { Root, SecretsDirectory })
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // left to the OS temp cleanup
            }
        }
    }

    private void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
    }
}
