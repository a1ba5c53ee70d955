using System.Diagnostics;
using System.Text.Json;

namespace Latch.OpsTests.Support;

/// <summary>
/// A throwaway git repository holding the deployment files of this one (serverless.yml, its plugin, deploy/package.json,
/// .gitignore, .env.example, the Lambda host's appsettings.json) with this repository's install of the pinned Serverless
/// Framework linked in, a filled-in .env.prod and .env.dev (.env.example with the stage's own secret ARN and a team's own
/// mail settings in place of the example ones, which preflight refuses), and a secrets
/// file outside the repository with strong values made at run time: preflight passes on it as it is, for either stage,
/// and each test breaks one thing.
/// </summary>
internal sealed class StageRepository : IDisposable
{
    private static readonly string[] Files =
    [
        "serverless.yml", "deploy/plugins/api-stage.js", "deploy/package.json", ".gitignore", ".env.example", "src/Host.Lambda/appsettings.json",
    ];

    public static readonly string[] Stages = ["prod", "dev"];

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

        foreach (var stage in Stages)
        {
            File.WriteAllText(Path.Combine(Root, $".env.{stage}"), File.ReadAllText(Path.Combine(Root, ".env.example")) +
                $"LATCH_SECRET_ARN={SecretArn(stage)}\n" + OwnMailSettings);
        }

        var framework = Repository.Path("deploy/node_modules");
        Assert.True(File.Exists(Path.Combine(framework, "serverless", "bin", "serverless.js")),
            "The pinned Serverless Framework is not installed: run scripts/test.d/20-serverless-package.sh (./scripts/test.sh runs it first).");
        Directory.CreateSymbolicLink(Path.Combine(Root, "deploy", "node_modules"), framework);
        Git("init", "-q", "-b", "main");
        // As .gitignore's node_modules/ keeps a real install out: a link is not a directory to git.
        File.AppendAllText(Path.Combine(Root, ".git", "info", "exclude"), "/deploy/node_modules\n");
        Commit("deployment files");
        WriteSecrets(new Dictionary<string, string>
        {
            ["jwtPrivateKeyPem"] = Keys.Es256Pem(),
            ["passwordPepper"] = Keys.Secret(),
            ["mongoConnectionString"] = "mongodb+srv://latch:" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)) +
                                        "@cluster0.example.mongodb.net/?retryWrites=true&w=majority",
        });
    }

    /// <summary>
    /// Mail settings as a team fills them in (a later line of a .env file wins over the example's): realistic names, none
    /// under a domain reserved for examples.
    /// </summary>
    public const string OwnMailSettings =
        "LATCH_SES_IDENTITY_ARN=arn:aws:ses:eu-west-1:123456789012:identity/mail.acme-corp.net\n" +
        "LATCH_MAIL_FROM=\"Acme <no-reply@mail.acme-corp.net>\"\n" +
        "LATCH_MAIL_LINK_VERIFY_EMAIL=\"https://app.acme-corp.net/verify-email#token={token}\"\n" +
        "LATCH_MAIL_LINK_PASSWORD_RESET=\"https://app.acme-corp.net/reset-password#token={token}\"\n" +
        "LATCH_MAIL_LINK_CONFIRM_EMAIL_CHANGE=\"https://app.acme-corp.net/confirm-email#token={token}\"\n" +
        "LATCH_MAIL_LINK_SIGN_IN=https://app.acme-corp.net/sign-in\n";

    public string Root { get; }

    /// <summary>The example ARN of a stage's own secret, as the stage's .env file holds it.</summary>
    public static string SecretArn(string stage) => $"arn:aws:secretsmanager:eu-west-1:123456789012:secret:latch/{stage}-AbCdEf";

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

    /// <summary>The 1-based number of the one line of the repository's serverless.yml that holds <paramref name="text"/>.</summary>
    public int LineOf(string text)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "serverless.yml"));
        var found = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(text, StringComparison.Ordinal)).ToList();
        Assert.True(found.Count == 1, $"'{text}' is on {found.Count} lines of serverless.yml");
        return found[0] + 1;
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

    public Task<ToolResult> PreflightWithSecretsAsync(string stage) =>
        Tool.RunAsync(["preflight", "--stage", stage, "--repo", Root, "--secrets", SecretsFile]);

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
