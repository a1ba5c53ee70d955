using System.Net;
using Latch.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting.Internal;

namespace Latch.Tools.Deployment;

/// <summary>
/// The settings a deployed function starts with, checked without starting it: first the app's own start-up
/// rules (<see cref="SettingsCheck"/>: the same loader and key ring the hosts use, in <c>Production</c>), then the rules
/// that only a deployment on Lambda adds (a durable store over TLS, explicit public origins, explicit limits).
/// Each problem is one line naming the setting, never its value.
/// </summary>
internal static class DeploymentSettings
{
    public const string Production = "Production";
    public const int MinDatabasePasswordLength = 16;

    private static readonly string[] LimitKeys =
        ["RateLimiting:PerIp:BurstLimit", "RateLimiting:PerIp:PerMinute", "RateLimiting:Auth:PerMinute"];

    public static IReadOnlyList<string> Check(IConfiguration configuration, string environmentName)
    {
        var problems = new List<string>();
        if (!string.Equals(environmentName, Production, StringComparison.Ordinal))
        {
            problems.Add($"ASPNETCORE_ENVIRONMENT must be {Production} on a deployed stage.");
        }

        // Production: the loader never generates or writes anything, so the content root is only a formality.
        var environment = new HostingEnvironment
        {
            EnvironmentName = Production,
            ApplicationName = "Latch",
            ContentRootPath = Path.GetTempPath(),
            ContentRootFileProvider = new NullFileProvider(),
        };
        problems.AddRange(SettingsCheck.StartupProblems(configuration, environment));
        CheckStore(configuration, problems);
        CheckOrigins(configuration, problems);
        foreach (var key in LimitKeys.Where(k => string.IsNullOrWhiteSpace(configuration[k])))
        {
            problems.Add($"{key} is not set: a stage states its own limits.");
        }

        return problems;
    }

    private static void CheckStore(IConfiguration configuration, List<string> problems)
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

        problems.AddRange(MongoConnectionProblems(connection.Trim()));
    }

    /// <summary>
    /// Real credentials: a database password long enough, or AWS IAM authentication. The form of the string and
    /// TLS are the app's own start-up rules (MongoConnection.Check), which preflight has already run.
    /// </summary>
    internal static IEnumerable<string> MongoConnectionProblems(string connection)
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

    private static void CheckOrigins(IConfiguration configuration, List<string> problems)
    {
        var origins = configuration.GetSection("Cors:AllowedOrigins").GetChildren().ToList();
        if (origins.Count == 0)
        {
            problems.Add("Cors:AllowedOrigins is empty: name the web app's origins explicitly.");
        }

        foreach (var origin in origins)
        {
            if (Uri.TryCreate(origin.Value, UriKind.Absolute, out var uri) &&
                (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip))))
            {
                problems.Add($"Cors:AllowedOrigins:{origin.Key} is a local address, not a deployed web app's origin.");
            }
        }
    }
}
