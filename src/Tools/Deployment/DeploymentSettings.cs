using System.Net;
using Latch.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting.Internal;

namespace Latch.Tools.Deployment;

/// <summary>
/// The settings a deployed function starts with, checked without starting it, by the rules of its stage
/// (<see cref="StageRules"/>): first the app's own start-up rules (<see cref="SettingsCheck"/>: the same loader and key
/// ring the hosts use, in the stage's environment), then the rules that only a deployment on Lambda adds, on every
/// stage (a durable store over TLS with real credentials, explicit origins, explicit limits, the team's own mail
/// settings rather than the examples'). Each problem is one line naming the setting, never its value.
/// </summary>
internal static class DeploymentSettings
{
    public const int MinDatabasePasswordLength = 16;

    // Lower case, as the options are read: the driver ignores the last two, but their presence says the operator meant
    // to weaken TLS, and the app refuses them in Production all the same.
    private static readonly string[] InsecureTlsOptions = ["tlsinsecure", "tlsallowinvalidcertificates", "tlsallowinvalidhostnames"];

    private static readonly string[] LimitKeys =
        ["RateLimiting:PerIp:BurstLimit", "RateLimiting:PerIp:PerMinute", "RateLimiting:Auth:PerMinute"];

    /// <param name="configuration">The function's settings.</param>
    /// <param name="rules">The stage's rules.</param>
    /// <param name="environmentName">The ASPNETCORE_ENVIRONMENT the stage's function is given.</param>
    public static IReadOnlyList<string> Check(IConfiguration configuration, StageRules rules, string environmentName)
    {
        var problems = new List<string>();
        if (!string.Equals(environmentName, rules.Environment, StringComparison.Ordinal))
        {
            problems.Add($"ASPNETCORE_ENVIRONMENT is {environmentName}: stage {rules.Stage} runs {rules.Environment}.");
        }

        // Production or Staging: the loader never generates or writes anything, so the content root is only a formality.
        var production = rules.Environment == StageRules.Production;
        var environment = new HostingEnvironment
        {
            EnvironmentName = rules.Environment,
            ApplicationName = "Latch",
            ContentRootPath = Path.GetTempPath(),
            ContentRootFileProvider = new NullFileProvider(),
        };
        problems.AddRange(SettingsCheck.StartupProblems(configuration, environment));
        CheckStore(configuration, production, problems);
        CheckOrigins(configuration, rules, production, problems);
        foreach (var key in LimitKeys.Where(k => string.IsNullOrWhiteSpace(configuration[k])))
        {
            problems.Add($"{key} is not set: a stage states its own limits.");
        }

        problems.AddRange(MailPlaceholders.Problems(configuration, rules.Stage));

        return problems;
    }

    private static void CheckStore(IConfiguration configuration, bool production, List<string> problems)
    {
        if (!string.Equals(configuration["Storage:Provider"], "Mongo", StringComparison.Ordinal))
        {
            problems.Add("Storage:Provider must be Mongo on a deployed stage: the embedded SQLite file would live on the function's temporary disk.");
            return;
        }

        if (string.IsNullOrWhiteSpace(configuration["Storage:Mongo:Database"]))
        {
            problems.Add("Storage:Mongo:Database is required.");
        }

        var connection = configuration["Storage:Mongo:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connection))
        {
            problems.Add("Storage:Mongo:ConnectionString is required.");
            return;
        }

        problems.AddRange(MongoConnectionProblems(connection.Trim(), production));
    }

    /// <summary>
    /// Real credentials: a database password long enough, or AWS IAM authentication; and outside Production, TLS. The
    /// form of the string, and TLS in Production, are the app's own start-up rules (MongoConnection.Check), which preflight
    /// has already run: a deployed stage reaches its database over the internet whatever its environment, so the TLS
    /// rule holds on a Staging stage too (the tool names no driver type: it reaches the store through the composition only).
    /// </summary>
    internal static IEnumerable<string> MongoConnectionProblems(string connection, bool production)
    {
        const string name = "Storage:Mongo:ConnectionString";
        var scheme = connection.IndexOf("://", StringComparison.Ordinal);
        if (!connection.StartsWith("mongodb", StringComparison.Ordinal) || scheme < 0)
        {
            yield break;
        }

        var rest = connection[(scheme + 3)..];
        var queryStart = rest.IndexOf('?', StringComparison.Ordinal);
        var options = (queryStart < 0 ? "" : rest[(queryStart + 1)..])
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .GroupBy(pair => pair[0].ToLowerInvariant(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Length > 1 ? Uri.UnescapeDataString(g.Last()[1]).ToLowerInvariant() : "",
                StringComparer.Ordinal);
        if (!production)
        {
            // As the driver reads them: mongodb+srv:// implies TLS unless switched off; tls and its older name ssl.
            var tls = options.GetValueOrDefault("tls") ?? options.GetValueOrDefault("ssl");
            if (tls == "false" || (tls != "true" && connection[..scheme] != "mongodb+srv"))
            {
                yield return $"{name} must use TLS on a deployed stage: a mongodb+srv:// address, or tls=true.";
            }
            else if (InsecureTlsOptions.Any(o => options.GetValueOrDefault(o) == "true"))
            {
                yield return $"{name} must not switch off TLS certificate or host name checks on a deployed stage.";
            }
        }

        var at = rest.LastIndexOf('@', queryStart < 0 ? rest.Length - 1 : queryStart);
        var userInfo = at < 0 ? "" : rest[..at];
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        var password = colon < 0 ? "" : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
        if (options.GetValueOrDefault("authmechanism") == "mongodb-aws")
        {
            yield break;
        }

        if (password.Length == 0)
        {
            yield return $"{name} has no credentials (a user and password, or authMechanism=MONGODB-AWS).";
        }
        else if (password.Length < MinDatabasePasswordLength)
        {
            yield return $"{name}: the database password is shorter than {MinDatabasePasswordLength} characters.";
        }
    }

    private static void CheckOrigins(IConfiguration configuration, StageRules rules, bool production, List<string> problems)
    {
        var origins = configuration.GetSection("Cors:AllowedOrigins").GetChildren().ToList();
        if (origins.Count == 0)
        {
            problems.Add("Cors:AllowedOrigins is empty: name the web app's origins explicitly.");
        }

        foreach (var origin in origins)
        {
            if (!Uri.TryCreate(origin.Value, UriKind.Absolute, out var uri))
            {
                continue; // the app's own rules name it
            }

            var local = uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
            if (local && !rules.LocalOrigins)
            {
                problems.Add($"Cors:AllowedOrigins:{origin.Key} is a local address, not a deployed web app's origin.");
            }
            else if (!local && !production && uri.Scheme != Uri.UriSchemeHttps)
            {
                // Staging lets http through; on a deployed stage only a front end on the developer's own machine may use it.
                problems.Add($"Cors:AllowedOrigins:{origin.Key} must use https:// (stage {rules.Stage} allows http:// for local addresses only).");
            }
        }
    }
}
