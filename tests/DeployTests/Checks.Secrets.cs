using System.Text.RegularExpressions;

namespace Latch.DeployTests;

internal static partial class Checks
{
    /// <summary>The last part of a setting name that marks it as a secret (Jwt__Keys__0__PrivateKeyPem, Passwords__Pepper …).</summary>
    private static readonly string[] SecretSettingSuffixes =
        ["Secret", "PrivateKeyPem", "Pepper", "ConnectionString", "Password", "Token", "ApiKey"];

    /// <summary>
    /// No secret reaches the function's configuration, where lambda:GetFunctionConfiguration reads it: no secret-named
    /// setting in its environment at all, no dynamic reference anywhere in the template (CloudFormation resolves
    /// <c>{{resolve:…}}</c> into the plain value it deploys), and SecretsManager__SecretArn naming the one Secrets
    /// Manager secret the function reads at start-up (signing key 0, pepper, Mongo connection string).
    /// </summary>
    public static IReadOnlyList<string> SecretSettings(Template template)
    {
        var problems = new List<string>();
        if (TheFunction(template, problems) is not { } function)
        {
            return problems;
        }

        var environment = Environment(function.Resource);
        var arn = environment.GetValueOrDefault(Spec.SecretArnSetting);
        if (arn is null || !SecretArn().IsMatch(arn))
        {
            problems.Add($"{Spec.SecretArnSetting} is {Show(arn)}, expected the full ARN of the stage's Secrets Manager secret");
        }

        foreach (var name in environment.Keys.Where(n => SecretSettingSuffixes.Any(s => n.Split("__")[^1].EndsWith(s, StringComparison.Ordinal))))
        {
            problems.Add($"secret setting {name} is in the function's environment, readable by anyone allowed lambda:GetFunctionConfiguration");
        }

        foreach (var (path, text) in Cfn.Strings(template.Root).Where(s => DynamicReference().IsMatch(s.Value)))
        {
            problems.Add($"{path} holds a dynamic reference, which CloudFormation resolves into the deployed value: {text}");
        }

        return problems;
    }

    /// <summary>No string anywhere in the template looks like a secret: keys, credentials, tokens, random blobs.</summary>
    public static IReadOnlyList<string> SecretLiterals(Template template)
    {
        var problems = new List<string>();
        foreach (var (path, text) in Cfn.Strings(template.Root))
        {
            // A secret's ARN names it (its "secret:" part is no assignment); only the execution role can read it.
            if (SecretArn().IsMatch(text))
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

    [GeneratedRegex(@"\{\{resolve:")]
    private static partial Regex DynamicReference();

    [GeneratedRegex(@"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$")]
    private static partial Regex SecretArn();

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
