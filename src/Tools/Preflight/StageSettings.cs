using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Latch.Infrastructure.Configuration.SecretsManager;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Latch.Tools.Preflight;

/// <summary>The stage's settings cannot be read at all (no serverless.yml, unknown stage, unreadable secrets).</summary>
#pragma warning disable CA1032 // only ever thrown with a message
internal sealed class StageSettingsException(string message) : Exception(message);
#pragma warning restore CA1032

/// <summary>A configuration and environment as a host would build them.</summary>
internal sealed record LoadedSettings(IConfiguration Configuration, IHostEnvironment Environment)
{
    /// <summary>As the Kestrel host reads them: appsettings of the content root, then environment variables.</summary>
    public static LoadedSettings Local(ToolContext context, string? contentRoot)
    {
        var root = context.FullPath(contentRoot ?? ".");
        var name = context.Variable("ASPNETCORE_ENVIRONMENT") ?? context.Variable("DOTNET_ENVIRONMENT") ?? Environments.Production;
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(root, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(Path.Combine(root, $"appsettings.{name}.json"), optional: true, reloadOnChange: false)
            .AddInMemoryCollection(StageSettings.AsConfiguration(context.Environment))
            .Build();
        return new LoadedSettings(configuration, HostEnvironment(name, root));
    }

    public static IHostEnvironment HostEnvironment(string name, string contentRoot) => new HostingEnvironment
    {
        EnvironmentName = name,
        ApplicationName = "Latch.Tools",
        ContentRootPath = contentRoot,
        ContentRootFileProvider = new NullFileProvider(),
    };
}

/// <summary>
/// What the deployed function of a stage gets: the environment of serverless.yml as the pinned Serverless Framework
/// resolves it for the stage (<see cref="ServerlessPrint"/>, with .env.&lt;stage&gt;), plus what it reads at start-up
/// from the secret named by <c>SecretsManager__SecretArn</c> (here from a local copy of the secret: <c>--secrets</c> or
/// <c>LATCH_SECRETS_JSON</c>), over the Lambda host's appsettings.json.
/// </summary>
internal sealed partial class StageSettings
{
    public const string SecretsVariable = "LATCH_SECRETS_JSON";
    public const string SecretArnVariable = "SecretsManager__SecretArn";
    public const string LambdaAppSettings = "src/Host.Lambda/appsettings.json";

    private StageSettings(ResolvedServerless serverless, Dictionary<string, string> functionEnvironment)
    {
        Serverless = serverless;
        FunctionEnvironment = functionEnvironment;
    }

    public ResolvedServerless Serverless { get; }

    /// <summary>The function's environment variables, secrets filled in where they were given.</summary>
    public Dictionary<string, string> FunctionEnvironment { get; }

    /// <summary>Problems met while resolving (one line each).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>
    /// Settings (<c>Section:Key</c>) left unset by a problem already reported (a secret not given, a dynamic reference):
    /// the app's own "is required" line for them would only repeat it.
    /// </summary>
    public HashSet<string> MissingSettings { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Variables that name a resource of the stack (<c>!Ref</c>, <c>Fn::GetAtt</c>): set by CloudFormation at deploy time.</summary>
    public HashSet<string> DeployTimeVariables { get; } = new(StringComparer.Ordinal);

    public string EnvironmentName =>
        FunctionEnvironment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT") ?? Environments.Production;

    public static bool IsValidStageName(string stage) => StageName().IsMatch(stage);

    private static bool IsStackReference(JsonNode node) =>
        node is JsonObject { Count: 1 } intrinsic &&
        intrinsic.Single().Key is "Ref" or "Fn::GetAtt" or "Fn::Sub" or "Fn::Join" or "Fn::ImportValue";

    /// <summary>
    /// Resolves the stage; problems of the settings are collected, not thrown. Throws <see cref="StageSettingsException"/>
    /// when nothing can be read, and <see cref="ServerlessPrintException"/> when the framework refuses serverless.yml.
    /// </summary>
    public static async Task<StageSettings> ResolveAsync(ToolContext context, string repository, string stage, string? secretsPath, string? region)
    {
        if (!File.Exists(Path.Combine(repository, "serverless.yml")))
        {
            throw new StageSettingsException($"no serverless.yml in {repository}.");
        }

        var secrets = ReadSecrets(context, secretsPath);
        var serverless = await ServerlessPrint.RunAsync(context, repository, stage, region);
        var settings = new StageSettings(serverless, new Dictionary<string, string>(StringComparer.Ordinal));
        foreach (var (name, node) in serverless.Map("provider.environment"))
        {
            var value = ResolvedServerless.Text(node);
            if (node is null)
            {
                continue;
            }

            if (value is null && IsStackReference(node))
            {
                // A resource of the stack itself (the mail queue's URL): its value exists only once deployed.
                settings.DeployTimeVariables.Add(name);
            }
            else if (value is null)
            {
                settings.Problems.Add($"serverless.yml: provider.environment.{name} is not a single value.");
            }
            else if (DynamicReference().IsMatch(value))
            {
                settings.Problems.Add($"serverless.yml: provider.environment.{name} is a dynamic reference: CloudFormation resolves it " +
                    "into the function's configuration, readable with lambda:GetFunctionConfiguration. Put the value in the stage's " +
                    $"secret ({SecretArnVariable}) instead.");
                settings.MissingSettings.Add(name.Replace("__", ":", StringComparison.Ordinal));
            }
            else
            {
                settings.FunctionEnvironment[name] = value;
            }
        }

        settings.FillFromSecret(secrets, [.. serverless.Map("custom.stages").Select(s => s.Key)]);
        return settings;
    }

    /// <summary>For a command that needs the settings whole: any resolution problem stops it.</summary>
    public static async Task<LoadedSettings> LoadAsync(ToolContext context, string stage, string? repository, string? secretsPath, string? region)
    {
        if (!IsValidStageName(stage))
        {
            throw new StageSettingsException("--stage must be a stage name such as prod or dev.");
        }

        var root = repository is null ? Git.TopLevel(context.WorkingDirectory) : context.FullPath(repository);
        if (root is null)
        {
            throw new StageSettingsException("not inside a git repository: run from the repository or give --repo <dir>.");
        }

        StageSettings settings;
        try
        {
            settings = await ResolveAsync(context, root, stage, secretsPath, region);
        }
        catch (ServerlessPrintException exception)
        {
            throw new StageSettingsException(string.Join(" ", exception.Problems));
        }

        if (settings.Problems.Count > 0)
        {
            throw new StageSettingsException(string.Join(" ", settings.Problems));
        }

        return new LoadedSettings(settings.Configuration(root), LoadedSettings.HostEnvironment(settings.EnvironmentName, root));
    }

    public IConfiguration Configuration(string repository) => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(repository, LambdaAppSettings), optional: true, reloadOnChange: false)
        .AddInMemoryCollection(AsConfiguration(FunctionEnvironment))
        .Build();

    /// <summary>Environment variables as configuration keys, the way the environment-variable provider maps them.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> AsConfiguration(IEnumerable<KeyValuePair<string, string>> variables) =>
        variables.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), (string?)v.Value));

    private static Dictionary<string, string>? ReadSecrets(ToolContext context, string? secretsPath)
    {
        string json;
        string source;
        if (secretsPath is not null)
        {
            source = secretsPath;
            try
            {
                json = File.ReadAllText(context.FullPath(secretsPath));
            }
            catch (IOException exception)
            {
                throw new StageSettingsException($"{secretsPath}: cannot read the secrets file ({exception.Message}).");
            }
        }
        else if (context.Variable(SecretsVariable) is { } variable)
        {
            source = SecretsVariable;
            json = variable;
        }
        else
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new StageSettingsException($"{source}: the secret must be a JSON object.");
            }

            return document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            // Never echo the text: it is a secret.
            throw new StageSettingsException($"{source}: the secret is not valid JSON.");
        }
    }

    /// <summary>The settings the function reads from its secret at start-up, taken from the local copy of that secret.</summary>
    /// <param name="secrets">The local copy of the secret, when given.</param>
    /// <param name="stages">Every stage serverless.yml lists.</param>
    private void FillFromSecret(Dictionary<string, string>? secrets, IReadOnlyCollection<string> stages)
    {
        if (!FunctionEnvironment.TryGetValue(SecretArnVariable, out var arn))
        {
            Problems.Add($"serverless.yml: provider.environment.{SecretArnVariable} is not set: the function would start without " +
                         $"its secret ({string.Join(", ", SecretsManagerConfiguration.Fields.Values)}).");
            MissingSettings.UnionWith(SecretsManagerConfiguration.Fields.Values);
            return;
        }

        var stage = Serverless.Stage;
        if (arn.Contains('<', StringComparison.Ordinal))
        {
            Problems.Add($"{SecretArnVariable} is still the placeholder of .env.example: put the ARN of stage {stage}'s secret in " +
                         $".env.{stage} as LATCH_SECRET_ARN (aws secretsmanager describe-secret --secret-id latch/{stage} --query ARN --output text).");
        }
        else if (!SecretArn().IsMatch(arn))
        {
            Problems.Add($"{SecretArnVariable} is {arn}: expected the full ARN of the stage's secret " +
                         "(arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>, as describe-secret prints it).");
        }
        else if (SecretName(arn).Split('/').Last() is var last && last != stage && stages.Contains(last))
        {
            // A copied .env file keeps the other stage's ARN: the function's role would be granted that stage's secret.
            Problems.Add($"{SecretArnVariable} names the secret {SecretName(arn)}, which is stage {last}'s: stage {stage} reads its own secret.");
        }

        foreach (var (field, setting) in SecretsManagerConfiguration.Fields)
        {
            if (secrets is not null && secrets.TryGetValue(field, out var value) && !string.IsNullOrEmpty(value))
            {
                FunctionEnvironment[setting.Replace(":", "__", StringComparison.Ordinal)] = value;
                continue;
            }

            Problems.Add(secrets is null
                ? $"secret {SecretName(arn)}: {field} not given (--secrets <file.json> or {SecretsVariable}), so {setting} was not checked."
                : $"secret {SecretName(arn)}: {field} is missing or empty.");
            MissingSettings.Add(setting);
        }

        foreach (var (field, setting) in SecretsManagerConfiguration.OptionalFields)
        {
            if (secrets is not null && secrets.TryGetValue(field, out var value) && !string.IsNullOrEmpty(value))
            {
                FunctionEnvironment[setting.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }
    }

    /// <summary>The secret's name, from its ARN (without the six-character suffix Secrets Manager adds).</summary>
    private static string SecretName(string arn) =>
        SecretArn().Match(arn) is { Success: true } match ? match.Groups["name"].Value : arn;

    [GeneratedRegex(@"\{\{resolve:")]
    private static partial Regex DynamicReference();

    [GeneratedRegex(@"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:(?<name>[A-Za-z0-9/_+=.@-]+)-[A-Za-z0-9]{6}$")]
    private static partial Regex SecretArn();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex StageName();
}
