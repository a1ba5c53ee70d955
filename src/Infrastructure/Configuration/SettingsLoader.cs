using Latch.Domain.Lockout;
using Latch.Domain.Passwords;
using Latch.Domain.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Latch.Infrastructure.Configuration;

/// <summary>
/// Binds, checks and resolves configuration once. Anything missing, too weak or unsafe stops start-up
/// with one line naming the setting; development gets generated secrets instead, with a warning.
/// </summary>
internal static class SettingsLoader
{
    public const int MinSecretBytes = 32;
    public const int MinBcryptWorkFactor = 10;
    public const int MaxBcryptWorkFactor = 16;
    public const int MaxHashingSlots = 1024;
    public const int MaxHashingQueue = 100_000;
    private static readonly TimeSpan MaxRevocationCache = TimeSpan.FromSeconds(30);

    /// <summary>The service's own name, always refused inside passwords (NIST SP 800-63B context-specific words).</summary>
    private const string ServiceName = "latch";

    public static LatchSettings Load(IConfiguration configuration, IHostEnvironment environment, StorageCheck checkStorage)
    {
        var jwt = configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        var sessions = configuration.GetSection(SessionOptions.Section).Get<SessionOptions>() ?? new SessionOptions();
        var passwords = configuration.GetSection(PasswordOptions.Section).Get<PasswordOptions>() ?? new PasswordOptions();
        var lockout = configuration.GetSection(LockoutOptions.Section).Get<LockoutOptions>() ?? new LockoutOptions();
        var secondFactor = configuration.GetSection(SecondFactorOptions.Section).Get<SecondFactorOptions>() ?? new SecondFactorOptions();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var rateLimiting = configuration.GetSection(RateLimitingOptions.Section).Get<RateLimitingOptions>() ?? new RateLimitingOptions();
        var registration = configuration.GetSection(RegistrationOptions.Section).Get<RegistrationOptions>() ?? new RegistrationOptions();
        var cors = configuration.GetSection(CorsOptions.Section).Get<CorsOptions>() ?? new CorsOptions();
        var forwarded = configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>()
            ?? new ForwardedHeadersSettings();

        var problems = new List<string>();
        var warnings = new List<string>();
        var development = environment.IsDevelopment();
        var dataDirectory = Path.Combine(environment.ContentRootPath, "data");

        if (jwt.Keys.Count == 0 && development)
        {
            jwt.Keys.Add(new JwtKeyOptions
            {
                Id = "dev-es256", Algorithm = "ES256", PrivateKeyPem = DevelopmentSecrets.JwtPrivateKeyPem(dataDirectory),
            });
            warnings.Add("Jwt:Keys is not set: using a generated development ES256 key kept in data/. Never do this outside Development.");
        }

        if (string.IsNullOrWhiteSpace(passwords.Pepper) && development)
        {
            passwords.Pepper = DevelopmentSecrets.Pepper(dataDirectory);
            warnings.Add("Passwords:Pepper is not set: using a generated development pepper kept in data/. Never do this outside Development.");
        }

        CheckJwt(jwt, problems);
        var pepper = DecodeSecret(passwords.Pepper, "Passwords:Pepper", problems);
        Check(passwords.BcryptWorkFactor is >= MinBcryptWorkFactor and <= MaxBcryptWorkFactor, problems,
            $"Passwords:BcryptWorkFactor must be between {MinBcryptWorkFactor} and {MaxBcryptWorkFactor}.");
        var maxConcurrentHashes = passwords.MaxConcurrentHashes ?? Environment.ProcessorCount;
        Check(maxConcurrentHashes is >= 1 and <= MaxHashingSlots, problems,
            $"Passwords:MaxConcurrentHashes must be between 1 and {MaxHashingSlots}.");
        Check(passwords.MaxQueuedHashes is >= 0 and <= MaxHashingQueue, problems,
            $"Passwords:MaxQueuedHashes must be between 0 and {MaxHashingQueue}.");
        Check(passwords.MinLength is >= PasswordPolicy.LowestMinLength and <= PasswordPolicy.HighestMinLength, problems,
            $"Passwords:MinLength must be between {PasswordPolicy.LowestMinLength} and {PasswordPolicy.HighestMinLength}.");
        CheckPwnedPasswords(passwords.PwnedPasswords, environment.IsProduction(), problems);
        Check(sessions.IdleTimeout > TimeSpan.Zero && sessions.AbsoluteLifetime >= sessions.IdleTimeout, problems,
            "Sessions:IdleTimeout must be positive and no longer than Sessions:AbsoluteLifetime.");
        Check(sessions.ReuseGracePeriod >= TimeSpan.Zero && sessions.ReuseGracePeriod <= TimeSpan.FromMinutes(1), problems,
            "Sessions:ReuseGracePeriod must be between 0 and 00:01:00.");
        Check(sessions.RevocationCacheDuration >= TimeSpan.Zero && sessions.RevocationCacheDuration <= MaxRevocationCache, problems,
            "Sessions:RevocationCacheDuration must be between 0 and 00:00:30.");
        Check(lockout.FreeFailures >= 1 && lockout.MaxBackoff >= TimeSpan.FromSeconds(1), problems,
            "Lockout:FreeFailures must be at least 1 and Lockout:MaxBackoff at least 00:00:01.");
        Check(secondFactor.StepUpWindow >= StepUpPolicy.ShortestWindow && secondFactor.StepUpWindow <= StepUpPolicy.LongestWindow,
            problems, "SecondFactor:StepUpWindow must be between 00:01:00 and 01:00:00.");
        Check(storage.Provider is "Sqlite" or "Mongo", problems, "Storage:Provider must be Sqlite or Mongo.");
        Check(!(environment.IsProduction() && storage.Provider == "Sqlite" && HostingPlatform.IsLambda), problems,
            "Storage:Provider must be Mongo on Lambda: the embedded store lives on one instance's disk and is lost with it.");
        checkStorage(storage, environment.IsProduction(), problems);
        Check(rateLimiting.PerIp.BurstLimit >= 1 && rateLimiting.PerIp.PerMinute >= 1 && rateLimiting.Auth.PerMinute >= 1, problems,
            "RateLimiting:PerIp:BurstLimit, RateLimiting:PerIp:PerMinute and RateLimiting:Auth:PerMinute must be at least 1.");
        CheckCors(cors.AllowedOrigins, environment.IsProduction(), problems);
        var proxies = ParseProxies(forwarded.KnownProxies, problems);

        if (problems.Count > 0)
        {
            throw new InvalidConfigurationException(problems);
        }

        return new LatchSettings
        {
            Jwt = jwt,
            Sessions = sessions,
            SessionPolicy = new SessionPolicy(sessions.IdleTimeout, sessions.AbsoluteLifetime, sessions.ReuseGracePeriod),
            PasswordPolicy = new PasswordPolicy(passwords.MinLength, [ServiceName, .. passwords.ServiceNames]),
            LockoutPolicy = new LockoutPolicy(lockout.FreeFailures, lockout.MaxBackoff),
            StepUpPolicy = new StepUpPolicy(secondFactor.StepUpWindow),
            Registration = registration,
            BcryptWorkFactor = passwords.BcryptWorkFactor,
            Pepper = pepper!,
            MaxConcurrentHashes = maxConcurrentHashes,
            MaxQueuedHashes = passwords.MaxQueuedHashes,
            PwnedPasswords = passwords.PwnedPasswords,
            Storage = storage,
            SqlitePath = Path.GetFullPath(storage.Sqlite.Path, environment.ContentRootPath),
            RateLimiting = rateLimiting,
            CorsOrigins = [.. cors.AllowedOrigins.Select(o => o.TrimEnd('/'))],
            KnownProxies = proxies,
            Warnings = warnings,
        };
    }

    private static void CheckPwnedPasswords(PwnedPasswordsOptions pwned, bool production, List<string> problems)
    {
        if (!pwned.Enabled)
        {
            return;
        }

        const string Name = "Passwords:PwnedPasswords";
        Check(Uri.TryCreate(pwned.BaseUrl, UriKind.Absolute, out var url) &&
              (url.Scheme == Uri.UriSchemeHttps || (!production && url.Scheme == Uri.UriSchemeHttp)) &&
              string.IsNullOrEmpty(url.Query) && string.IsNullOrEmpty(url.UserInfo), problems,
            $"{Name}:BaseUrl must be an absolute https:// address without query or credentials.");
        Check(pwned.Timeout >= TimeSpan.FromMilliseconds(100) && pwned.Timeout <= TimeSpan.FromSeconds(10), problems,
            $"{Name}:Timeout must be between 00:00:00.100 and 00:00:10.");
        if (!pwned.BaseUrl.EndsWith('/'))
        {
            pwned.BaseUrl += "/";
        }
    }

    private static void CheckJwt(JwtOptions jwt, List<string> problems)
    {
        Check(!string.IsNullOrWhiteSpace(jwt.Issuer), problems, "Jwt:Issuer is required.");
        Check(!string.IsNullOrWhiteSpace(jwt.Audience), problems, "Jwt:Audience is required.");
        Check(jwt.AccessTokenLifetime >= TimeSpan.FromMinutes(1) && jwt.AccessTokenLifetime <= TimeSpan.FromHours(1), problems,
            "Jwt:AccessTokenLifetime must be between 00:01:00 and 01:00:00.");
        Check(jwt.Keys.Count > 0, problems, "Jwt:Keys:0 is required (Id, Algorithm, and Secret or PrivateKeyPem).");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < jwt.Keys.Count; i++)
        {
            var key = jwt.Keys[i];
            var name = $"Jwt:Keys:{i}";
            Check(!string.IsNullOrWhiteSpace(key.Id) && ids.Add(key.Id), problems, $"{name}:Id is required and must be unique.");
            switch (key.Algorithm)
            {
                case "HS256":
                    DecodeSecret(key.Secret, $"{name}:Secret", problems);
                    break;
                case "ES256":
                    Check(!string.IsNullOrWhiteSpace(key.PrivateKeyPem), problems, $"{name}:PrivateKeyPem is required for ES256.");
                    break;
                default:
                    problems.Add($"{name}:Algorithm must be ES256 or HS256.");
                    break;
            }
        }
    }

    /// <summary>
    /// Origins must be exact: scheme, host and optional port, nothing else. In Production a wildcard or a
    /// plain-http origin would hand the API to any page, so start-up refuses them.
    /// </summary>
    private static void CheckCors(List<string> origins, bool production, List<string> problems)
    {
        for (var i = 0; i < origins.Count; i++)
        {
            var name = $"Cors:AllowedOrigins:{i}";
            var origin = origins[i].TrimEnd('/');
            if (origin.Contains('*', StringComparison.Ordinal))
            {
                problems.Add($"{name} must be an exact origin, not a wildcard.");
                continue;
            }

            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") ||
                uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.UserInfo))
            {
                problems.Add($"{name} must be an origin such as https://app.example.com (scheme, host, optional port).");
                continue;
            }

            if (production && uri.Scheme != "https")
            {
                problems.Add($"{name} must use https:// in Production.");
            }
        }
    }

    private static System.Net.IPAddress[] ParseProxies(List<string> proxies, List<string> problems)
    {
        var parsed = new List<System.Net.IPAddress>();
        for (var i = 0; i < proxies.Count; i++)
        {
            if (System.Net.IPAddress.TryParse(proxies[i], out var address))
            {
                parsed.Add(address);
            }
            else
            {
                problems.Add($"ForwardedHeaders:KnownProxies:{i} must be an IP address.");
            }
        }

        return [.. parsed];
    }

    private static byte[]? DecodeSecret(string? base64, string name, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            problems.Add($"{name} is required.");
            return null;
        }

        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var length))
        {
            problems.Add($"{name} must be base64.");
            return null;
        }

        if (length < MinSecretBytes)
        {
            problems.Add($"{name} must decode to at least {MinSecretBytes} bytes.");
            return null;
        }

        return buffer[..length];
    }

    private static void Check(bool condition, List<string> problems, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
