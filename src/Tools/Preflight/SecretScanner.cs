using System.Text;
using System.Text.RegularExpressions;

namespace Latch.Tools.Preflight;

/// <summary>A secret found in a tracked file: where, and what kind. Never the secret itself.</summary>
internal sealed record SecretFinding(string Path, int Line, string What)
{
    public override string ToString() => $"{Path}:{Line}: {What}";
}

/// <summary>A kind of finding let through in one file, and why.</summary>
internal sealed record AllowedFinding(string Path, string What, string Reason);

/// <summary>
/// Scans text for the secrets this service has: PEM private keys, AWS access keys and secret keys, JWT signing
/// secrets and peppers assigned in configuration, signed JWTs, and MongoDB connection strings with a password.
/// Binary files are skipped. Placeholders (<c>&lt;password&gt;</c>, <c>${VAR}</c>, <c>{0}</c>, AWS's documented
/// <c>…EXAMPLE</c> key) are not secrets.
/// </summary>
internal static partial class SecretScanner
{
    private const int MaxFileBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Findings that are deliberately fake test fixtures, by file and kind, each with its reason. Only these
    /// kinds in only these files are let through; anything else in the same file is still reported. Real keys
    /// are never committed: tests generate theirs at run time.
    /// </summary>
    public static readonly IReadOnlyList<AllowedFinding> AllowList =
    [
        new("tests/DeployTests/BrokenTemplateTests.cs", MongoPassword,
            "a fake password (hunter2) planted in a template to see the deployment check for secret literals fail"),
        new("tests/DeployTests/BrokenTemplateTests.cs", AssignedSecretWhat,
            "base64 of 'secret-secret-…' planted in a template to see the deployment check for secret literals fail"),
        new("tests/IntegrationTests/ErrorMappingTests.cs", MongoPassword,
            "a fake connection string (hunter2) that the tests show never reaches a client"),
        new("tests/UnitTests/Infrastructure/Web/UnhandledExceptionHandlerTests.cs", MongoPassword,
            "a fake connection string (hunter2) that the tests show never reaches a client"),
        new("tests/UnitTests/Infrastructure/Configuration/DevelopmentSecretsTests.cs", PemPrivateKeyWhat,
            "a development key file cut off after its first 20 characters, planted to see it refused rather than used"),
    ];

    private const string MongoPassword = "a MongoDB connection string with a password";
    private const string AssignedSecretWhat = "a JWT secret or pepper assigned in configuration";
    private const string PemPrivateKeyWhat = "a PEM private key";

    private static readonly Rule[] Rules =
    [
        new(PemPrivateKey(), PemPrivateKeyWhat, null),
        new(AwsAccessKeyId(), "an AWS access key id", m => !m.Value.EndsWith("EXAMPLE", StringComparison.Ordinal)),
        new(AwsSecretAccessKey(), "an AWS secret access key", m => !m.Groups["value"].Value.Contains("EXAMPLE", StringComparison.Ordinal)),
        new(AssignedSecret(), AssignedSecretWhat, m => LooksRandom(m.Groups["value"].Value)),
        new(SignedJwt(), "a signed JWT", null),
        new(MongoWithPassword(), MongoPassword, m => !IsPlaceholder(m.Groups["password"].Value)),
    ];

    public static IReadOnlyList<SecretFinding> ScanRepository(string repository, IEnumerable<string> trackedFiles)
    {
        var findings = new List<SecretFinding>();
        foreach (var path in trackedFiles)
        {
            var full = Path.Combine(repository, path);
            var info = new FileInfo(full);
            if (!info.Exists || info.LinkTarget is not null || info.Length > MaxFileBytes)
            {
                continue;
            }

            var bytes = File.ReadAllBytes(full);
            if (Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, 8192)) >= 0)
            {
                continue;
            }

            findings.AddRange(ScanText(path, Encoding.UTF8.GetString(bytes))
                .Where(f => !AllowList.Any(a => a.Path == f.Path && a.What == f.What)));
        }

        return findings;
    }

    public static IEnumerable<SecretFinding> ScanText(string path, string text)
    {
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            foreach (var rule in Rules)
            {
                if (rule.Pattern.Matches(line).Any(m => rule.Accept?.Invoke(m) ?? true))
                {
                    yield return new SecretFinding(path, lineNumber, rule.What);
                }
            }
        }
    }

    /// <summary>At least 32 characters of base64 mixing upper case, lower case and digits: a generated value, not a name.</summary>
    private static bool LooksRandom(string value) =>
        value.TrimEnd('=').Length >= 32 && value.Any(char.IsAsciiLetterUpper) && value.Any(char.IsAsciiLetterLower) &&
        value.Any(char.IsAsciiDigit);

    private static bool IsPlaceholder(string password) =>
        Placeholder().IsMatch(password);

    private sealed record Rule(Regex Pattern, string What, Func<Match, bool>? Accept);

    [GeneratedRegex(@"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")]
    private static partial Regex PemPrivateKey();

    [GeneratedRegex(@"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"(?i)aws_?secret_?access_?key[""']?\s*[:=]\s*[""']?(?<value>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])")]
    private static partial Regex AwsSecretAccessKey();

    [GeneratedRegex(@"(?i)(?:secret(?!_?access_?key)|pepper|signingkey)[a-z_]*[""'\]]*\s*[:=]\s*[""']?(?<value>[A-Za-z0-9+/]{32,}={0,2})")]
    private static partial Regex AssignedSecret();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}")]
    private static partial Regex SignedJwt();

    [GeneratedRegex(@"mongodb(?:\+srv)?://[^:/@\s""'`]+:(?<password>[^@/\s""'`]+)@")]
    private static partial Regex MongoWithPassword();

    [GeneratedRegex(@"^(?:<[^>]*>|\$\{[^}]*\}|\{\{.*\}\}|\{[A-Za-z0-9_]*\}|\$[A-Z_][A-Z0-9_]*|\*+|x+|\.\.\.|…|password|pass|pwd|secret)$", RegexOptions.IgnoreCase)]
    private static partial Regex Placeholder();
}
