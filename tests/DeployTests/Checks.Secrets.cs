using System.Text.RegularExpressions;

namespace Latch.DeployTests;

internal static partial class Checks
{
    /// <summary>The last part of a setting name that marks it as a secret (Jwt__Keys__0__PrivateKeyPem, Passwords__Pepper …).</summary>
    private static readonly string[] SecretSettingSuffixes =
        ["Secret", "PrivateKeyPem", "Pepper", "ConnectionString", "Password", "Token", "ApiKey"];

    /// <summary>
    /// The secrets the app needs in production (signing key 0, pepper, Mongo connection string) are set, and every
    /// secret-named setting is a CloudFormation dynamic reference to Secrets Manager, never a value.
    /// </summary>
    public static IReadOnlyList<string> SecretSettings(Template template)
    {
        var problems = new List<string>();
        if (TheFunction(template, problems) is not { } function)
        {
            return problems;
        }

        var environment = Environment(function.Resource);
        if (!environment.ContainsKey("Jwt__Keys__0__PrivateKeyPem") && !environment.ContainsKey("Jwt__Keys__0__Secret"))
        {
            problems.Add("signing key 0 has no key material (Jwt__Keys__0__PrivateKeyPem or Jwt__Keys__0__Secret)");
        }

        foreach (var name in new[] { "Passwords__Pepper", "Storage__Mongo__ConnectionString" }.Where(n => !environment.ContainsKey(n)))
        {
            problems.Add($"secret setting {name} is missing");
        }

        foreach (var (name, value) in environment)
        {
            var suffix = name.Split("__")[^1];
            if (SecretSettingSuffixes.Any(s => suffix.EndsWith(s, StringComparison.Ordinal)) && !SecretsManagerReference().IsMatch(value))
            {
                problems.Add($"secret setting {name} is not a Secrets Manager dynamic reference");
            }
        }

        return problems;
    }

    /// <summary>No string anywhere in the template looks like a secret: keys, credentials, tokens, random blobs.</summary>
    public static IReadOnlyList<string> SecretLiterals(Template template)
    {
        var problems = new List<string>();
        foreach (var (path, text) in Cfn.Strings(template.Root))
        {
            if (SecretsManagerReference().IsMatch(text))
            {
                continue;
            }

            if (SecretPattern().Match(text) is { Success: true } match)
            {
                problems.Add($"{path} holds something secret-looking: {Redact(match.Value)}");
                continue;
            }

            foreach (Match token in Token().Matches(text))
            {
                if (LooksRandom(token.Value))
                {
                    problems.Add($"{path} holds a random-looking {token.Value.Length}-character value: {Redact(token.Value)}");
                }
            }
        }

        return problems;
    }

    [GeneratedRegex(@"^\{\{resolve:secretsmanager:[^}]+\}\}$")]
    private static partial Regex SecretsManagerReference();

    [GeneratedRegex(
        @"-----BEGIN [A-Z ]*PRIVATE KEY-----" +
        @"|mongodb(\+srv)?://[^/\s:@]+:[^@\s]+@" +
        @"|\b(AKIA|ASIA)[A-Z0-9]{16}\b" +
        @"|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\." +
        @"|(?i:\b(password|pwd|secret|pepper|api[_-]?key|token)\s*[=:]\s*[^\s;,""'{}$]{6,})")]
    private static partial Regex SecretPattern();

    [GeneratedRegex(@"[A-Za-z0-9+/=_\-]{32,}")]
    private static partial Regex Token();

    /// <summary>
    /// 32+ characters of hex, or of base64 with the entropy of random bytes (a 32-byte base64 key measures about
    /// 4.9 bits per character; the template's longest names and keys stay under 4.5).
    /// </summary>
    private static bool LooksRandom(string token)
    {
        if (token.All(Uri.IsHexDigit) && token.Any(char.IsDigit) && token.Any(char.IsLetter))
        {
            return true;
        }

        var entropy = token.GroupBy(c => c)
            .Select(g => (double)g.Count() / token.Length)
            .Sum(p => -p * Math.Log2(p));
        return entropy >= 4.6 && token.Any(char.IsDigit) && token.Any(char.IsUpper) && token.Any(char.IsLower);
    }

    private static string Redact(string value) => value.Length <= 12 ? "…" : $"{value[..8]}…";
}
