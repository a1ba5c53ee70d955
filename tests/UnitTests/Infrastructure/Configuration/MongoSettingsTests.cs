using System.Security.Cryptography;
using Latch.Infrastructure;
using Latch.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace Latch.UnitTests.Infrastructure.Configuration;

public sealed class MongoSettingsTests
{
    private const string Password = "hunter2-s3cret";

    [Fact]
    public void Production_start_up_refuses_MongoDB_without_TLS_with_one_line_naming_the_setting()
    {
        var exception = Assert.Throws<InvalidConfigurationException>(() => Load("Production", new()
        {
            ["Storage:Provider"] = "Mongo",
            ["Storage:Mongo:ConnectionString"] = $"mongodb://latch:{Password}@db.internal:27017/",
            ["Storage:Mongo:Database"] = "latch",
        }));

        Assert.Equal(
            "Invalid configuration: Storage:Mongo:ConnectionString must use TLS in Production: a mongodb+srv:// address, or tls=true.",
            exception.Message);
        Assert.DoesNotContain(Password, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_database_is_required_when_the_provider_is_Mongo()
    {
        var exception = Assert.Throws<InvalidConfigurationException>(() => Load("Testing", new()
        {
            ["Storage:Provider"] = "Mongo",
            ["Storage:Mongo:ConnectionString"] = "mongodb://localhost:27017",
        }));
        Assert.Equal("Invalid configuration: Storage:Mongo:Database is required when Storage:Provider is Mongo.", exception.Message);
        Assert.DoesNotContain('\n', exception.Message);
    }

    [Fact]
    public void Production_starts_with_Atlas_over_TLS()
    {
        var settings = Load("Production", new()
        {
            ["Storage:Provider"] = "Mongo",
            ["Storage:Mongo:ConnectionString"] = $"mongodb+srv://latch:{Password}@cluster0.example.net/?retryWrites=true&w=majority",
            ["Storage:Mongo:Database"] = "latch",
        });
        Assert.Equal("Mongo", settings.Storage.Provider);
    }

    [Fact]
    public void The_SQLite_provider_ignores_the_Mongo_settings() =>
        Assert.Equal("Sqlite", Load("Production", new() { ["Storage:Mongo:ConnectionString"] = "mongodb://no-tls" }).Storage.Provider);

    private static LatchSettings Load(string environment, Dictionary<string, string?> storage)
    {
        var values = new Dictionary<string, string?>
        {
            ["Jwt:Issuer"] = "latch",
            ["Jwt:Audience"] = "latch-api",
            ["Jwt:Keys:0:Id"] = "k1",
            ["Jwt:Keys:0:Algorithm"] = "HS256",
            ["Jwt:Keys:0:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Passwords:Pepper"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in storage)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var host = new HostingEnvironment { EnvironmentName = environment, ContentRootPath = Path.GetTempPath() };
        return SettingsCheck.Load(configuration, host);
    }
}
