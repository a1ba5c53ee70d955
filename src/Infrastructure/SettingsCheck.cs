using System.Security.Cryptography;
using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Mail;
using Latch.Infrastructure.Persistence;
using Latch.Infrastructure.Security.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Latch.Infrastructure;

/// <summary>
/// The app's own start-up rules for its settings, for a process that checks settings without starting the app (the
/// operator tool's preflight and key generator): the same loaders and key ring the hosts run, nothing more. It sits
/// in the composition because the rules span areas: the loader's (Configuration), the store's (Persistence), the
/// mail settings' (Mail) and the key ring's (Security).
/// </summary>
public static class SettingsCheck
{
    /// <summary>The settings every process of the app starts with: the loader with the store's own rules.</summary>
    internal static LatchSettings Load(IConfiguration configuration, IHostEnvironment environment) =>
        SettingsLoader.Load(configuration, environment, PersistenceRegistration.CheckStorage);

    /// <summary>The shortest HMAC signing secret (and pepper) the app accepts, in bytes.</summary>
    public const int MinSecretBytes = SettingsLoader.MinSecretBytes;

    /// <summary>
    /// Every reason the app would refuse to start with these settings in <paramref name="environment"/>, one line each,
    /// naming the setting and never its value; empty when it would start.
    /// </summary>
    public static IReadOnlyList<string> StartupProblems(IConfiguration configuration, IHostEnvironment environment)
    {
        var problems = new List<string>();
        LatchSettings? settings = null;
        try
        {
            settings = Load(configuration, environment);
        }
        catch (InvalidConfigurationException exception)
        {
            problems.AddRange(Problems(exception));
        }

        // The composition loads the mail settings on its own, after these (every host and the mail sender do): a stage
        // whose mail settings are wrong fails to start all the same, so they are checked here beside the rest.
        try
        {
            MailSettingsLoader.Load(configuration, environment);
        }
        catch (InvalidConfigurationException exception)
        {
            problems.AddRange(Problems(exception));
        }

        if (settings is not null)
        {
            problems.AddRange(KeyRingProblems(settings));
        }

        return problems;
    }

    // The loader checks each key's shape; only the key ring finds a key that does not load.
    private static IReadOnlyList<string> KeyRingProblems(LatchSettings settings)
    {
        try
        {
            using var ring = new JwtKeyRing(settings.Jwt.Keys);
            return [];
        }
        catch (InvalidConfigurationException exception)
        {
            return [exception.Message.Replace("Invalid configuration: ", "", StringComparison.Ordinal)];
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return ["Jwt:Keys: a key cannot be loaded (PrivateKeyPem or Secret is malformed)."];
        }
    }

    private static IReadOnlyList<string> Problems(InvalidConfigurationException exception) =>
        exception.Problems.Count > 0 ? exception.Problems : [exception.Message];

    /// <summary>
    /// Loads one <c>Jwt:Keys:N</c> entry into the app's key ring; throws <see cref="InvalidConfigurationException"/> (or the
    /// cryptographic exception of a malformed key) when the app would refuse it.
    /// </summary>
    public static void LoadSigningKey(string id, string algorithm, string? privateKeyPem, string? secret)
    {
        using var ring = new JwtKeyRing([new JwtKeyOptions
        {
            Id = id, Algorithm = algorithm, PrivateKeyPem = privateKeyPem, Secret = secret,
        }]);
    }
}
