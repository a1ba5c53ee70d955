using System.Text.Json;
using Latch.Infrastructure.Aws;
using Microsoft.Extensions.Configuration;

namespace Latch.Infrastructure.Configuration.SecretsManager;

/// <summary>
/// On Lambda the function's environment holds only the ARN of the stage's secret (<c>SecretsManager:SecretArn</c>);
/// the secret itself is read once at start-up with the execution role and added to the configuration, so nobody
/// who may read the function's configuration reads a secret (docs/decisions/0009-secrets-at-start-up.md).
/// </summary>
public static class SecretsManagerConfiguration
{
    public const string SecretArnKey = "SecretsManager:SecretArn";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The secret's JSON fields and the settings they become; each is required.</summary>
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>
    {
        ["jwtPrivateKeyPem"] = "Jwt:Keys:0:PrivateKeyPem",
        ["passwordPepper"] = "Passwords:Pepper",
        ["mongoConnectionString"] = "Storage:Mongo:ConnectionString",
    };

    /// <summary>Fields the secret may hold: the second key of a planned signing-key rotation (docs/runbook.md).</summary>
    public static readonly IReadOnlyDictionary<string, string> OptionalFields = new Dictionary<string, string>
    {
        ["jwtPrivateKeyPem1"] = "Jwt:Keys:1:PrivateKeyPem",
    };

    /// <summary>
    /// When <c>SecretsManager:SecretArn</c> is set, fetches that secret and adds its fields as settings; a failure
    /// stops start-up with one line naming the setting (and never a secret value). Without the setting, nothing changes.
    /// </summary>
    public static void AddSecretsManagerSecret(this IConfigurationManager configuration, Func<string, string?>? environment = null,
        HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        var arn = configuration[SecretArnKey];
        if (string.IsNullOrWhiteSpace(arn))
        {
            return;
        }

        environment ??= Environment.GetEnvironmentVariable;
        var credentials = AwsCredentials.FromEnvironment(environment, out var missing)
            ?? throw Refused($"{missing} is not set, so the secret cannot be read (Lambda sets it for the execution role)");

        string secret;
        using (var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false))
        {
            http.Timeout = Timeout;
            var client = new SecretsManagerClient(http, credentials, SecretsManagerClient.EndpointFor(credentials.Region, environment),
                time ?? TimeProvider.System);
            try
            {
                // Start-up is synchronous and runs once, before the first invocation: nothing else waits on this thread.
                secret = client.GetSecretStringAsync(arn, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (SecretsManagerException e)
            {
                throw Refused($"GetSecretValue failed: {e.Message}", e);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                throw Refused($"Secrets Manager could not be reached ({e.GetType().Name}: {e.Message})", e);
            }
        }

        configuration.AddInMemoryCollection(Settings(secret));
    }

    private static Dictionary<string, string?> Settings(string secret)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(secret);
        }
        catch (JsonException)
        {
            throw Refused("the secret is not a JSON object");
        }

        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Refused("the secret is not a JSON object");
            }

            var settings = new Dictionary<string, string?>();
            var missing = new List<string>();
            foreach (var (field, setting) in Fields)
            {
                if (json.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String &&
                    !string.IsNullOrWhiteSpace(value.GetString()))
                {
                    settings[setting] = value.GetString();
                }
                else
                {
                    missing.Add(field);
                }
            }

            foreach (var (field, setting) in OptionalFields)
            {
                if (json.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String &&
                    !string.IsNullOrWhiteSpace(value.GetString()))
                {
                    settings[setting] = value.GetString();
                }
            }

            return missing.Count == 0 ? settings : throw Refused($"the secret has no {string.Join(", ", missing)} (a non-empty string each)");
        }
    }

    private static InvalidConfigurationException Refused(string problem, Exception? inner = null)
    {
        var message = $"Invalid configuration: {SecretArnKey}: {problem}.";
        return inner is null ? new InvalidConfigurationException(message) : new InvalidConfigurationException(message, inner);
    }
}
