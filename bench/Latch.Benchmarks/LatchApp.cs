using System.Security.Cryptography;
using Latch.Application;
using Latch.Application.Common.Interfaces;
using Latch.Domain.Sessions;
using Latch.Domain.Users;
using Latch.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latch.Benchmarks;

/// <summary>
/// The real composition (AddApplication + AddInfrastructure, as both hosts call it), built but not started, on a
/// temporary SQLite file; logging at Warning so a benchmark measures the work, not the console.
/// </summary>
public sealed class LatchApp : IAsyncDisposable
{
    public const string PasswordHash = "$latch-hs384$$2a$10$abcdefghijklmnopqrstuu5Q0Nq8fKq6o1Rj3mzXoQn0Yb8sQbJxW";
    private readonly string _directory;

    private LatchApp(WebApplication app, string directory)
    {
        App = app;
        _directory = directory;
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public static LatchApp Create(string algorithm = "ES256", Action<IServiceCollection>? configure = null)
    {
        var directory = Directory.CreateTempSubdirectory("latch-bench-").FullName;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        var settings = new Dictionary<string, string?>
        {
            ["Jwt:Issuer"] = "latch",
            ["Jwt:Audience"] = "latch-api",
            ["Jwt:Keys:0:Id"] = "bench-" + algorithm.ToLowerInvariant(),
            ["Jwt:Keys:0:Algorithm"] = algorithm,
            ["Passwords:Pepper"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Passwords:BcryptWorkFactor"] = "10",
            ["Storage:Sqlite:Path"] = Path.Combine(directory, "bench.db"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (algorithm == "HS256")
        {
            settings["Jwt:Keys:0:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }
        else
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            settings["Jwt:Keys:0:PrivateKeyPem"] = key.ExportPkcs8PrivateKeyPem();
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddApplication();
        builder.AddInfrastructure();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        configure?.Invoke(builder.Services);
        return new LatchApp(builder.Build(), directory);
    }

    /// <summary>A user with <paramref name="sessions"/> active sessions in the store; returns the user and the last session (or a new id).</summary>
    public async Task<(User User, Session Session)> SeedAsync(int sessions)
    {
        var now = DateTimeOffset.UtcNow;
        var user = User.Register(Email.Create($"bench-{Guid.NewGuid():N}@example.com").Value, DisplayName.Create("Ann").Value,
            PasswordHash, now);
        await Services.GetRequiredService<IUserRepository>().TryAddAsync(user, CancellationToken.None);
        var repository = Services.GetRequiredService<ISessionRepository>();
        var codec = Services.GetRequiredService<IRefreshTokenCodec>();
        var policy = Services.GetRequiredService<SessionPolicy>();
        Session? last = null;
        for (var i = 0; i < sessions; i++)
        {
            var id = SessionId.New();
            last = Session.Start(id, user.Id, user.CredentialVersion, codec.Mint(id, 0).SecretHash, now, policy, "bench/1.0", "127.0.0.1");
            await repository.TryStartAsync(last, CancellationToken.None);
        }

        return (user, last ?? Session.Start(SessionId.New(), user.Id, user.CredentialVersion, [0], now, policy, null, null));
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
