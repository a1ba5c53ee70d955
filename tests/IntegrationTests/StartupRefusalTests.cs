using Latch.IntegrationTests.Support;

namespace Latch.IntegrationTests;

/// <summary>Unsafe settings stop start-up with one line that names the setting and never echoes a secret.</summary>
public sealed class StartupRefusalTests
{
    public static TheoryData<string, string, string, string> UnsafeSettings() => new()
    {
        { "Production", "Cors:AllowedOrigins:0", "*", "Cors:AllowedOrigins:0 must be an exact origin" },
        { "Production", "Cors:AllowedOrigins:0", "https://*.example.com", "Cors:AllowedOrigins:0 must be an exact origin" },
        { "Production", "Cors:AllowedOrigins:0", "http://app.example.com", "Cors:AllowedOrigins:0 must use https://" },
        { "Testing", "Cors:AllowedOrigins:0", "https://app.example.com/path", "Cors:AllowedOrigins:0 must be an origin" },
        { "Production", "Jwt:Keys:1:Secret", Convert.ToBase64String(new byte[31]), "Jwt:Keys:1:Secret must decode to at least 32 bytes" },
        { "Production", "Passwords:BcryptWorkFactor", "9", "Passwords:BcryptWorkFactor must be between 10 and 16" },
        { "Production", "Passwords:Pepper", "", "Passwords:Pepper is required" },
        { "Production", "Jwt:Keys:0:Algorithm", "none", "Jwt:Keys:0:Algorithm must be ES256 or HS256" },
        { "Production", "Sessions:RevocationCacheDuration", "00:01:00", "Sessions:RevocationCacheDuration must be between" },
        { "Production", "ForwardedHeaders:KnownProxies:0", "not-an-ip", "ForwardedHeaders:KnownProxies:0 must be an IP address" },
        { "Production", "SecondFactor:StepUpWindow", "00:00:00", "SecondFactor:StepUpWindow must be between 00:01:00 and 01:00:00" },
        { "Production", "SecondFactor:StepUpWindow", "-00:05:00", "SecondFactor:StepUpWindow must be between 00:01:00 and 01:00:00" },
        { "Production", "SecondFactor:StepUpWindow", "1.00:00:00", "SecondFactor:StepUpWindow must be between 00:01:00 and 01:00:00" },
    };

    [Theory]
    [MemberData(nameof(UnsafeSettings))]
    public void Start_up_refuses_an_unsafe_setting(string environment, string key, string value, string expected)
    {
        using var factory = new LatchFactory(new Dictionary<string, string?> { [key] = value, ["Environment"] = environment });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var refusal = FindRefusal(error);
        Assert.Contains(expected, refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refusal.Message);
        if (value.Length > 8)
        {
            Assert.DoesNotContain(value, refusal.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Production_starts_with_safe_settings()
    {
        using var factory = new LatchFactory(new Dictionary<string, string?>
        {
            ["Environment"] = "Production",
            ["Cors:AllowedOrigins:0"] = "https://app.example.com",
        });
        using var client = factory.CreateClient();
    }

    private static Latch.Infrastructure.Configuration.InvalidConfigurationException FindRefusal(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is Latch.Infrastructure.Configuration.InvalidConfigurationException refusal)
            {
                return refusal;
            }
        }

        throw new Xunit.Sdk.XunitException($"No configuration refusal in: {error}");
    }
}
