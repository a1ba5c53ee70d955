using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Persistence.Caching;
using Latch.Infrastructure.Persistence.Mongo;
using Latch.Infrastructure.Persistence.Sqlite;
using Latch.Infrastructure.Health;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Infrastructure.Persistence;

internal static class PersistenceRegistration
{
    /// <summary>
    /// The store <paramref name="settings"/> name, behind the evicting repositories. <paramref name="failedLoginKey"/>
    /// keys the failed-login tracker's hashed identifiers (the composition derives it from the pepper).
    /// </summary>
    public static IServiceCollection AddStore(this IServiceCollection services, LatchSettings settings, byte[] failedLoginKey)
    {
        switch (settings.Storage.Provider)
        {
            case "Sqlite":
                services.AddSingleton(_ => new SqliteDatabase(settings.SqlitePath));
                services.AddSingleton<SqliteUserRepository>();
                services.AddSingleton<SqliteSessionRepository>();
                services.AddSingleton<IFailedLoginTracker>(sp => new SqliteFailedLoginTracker(
                    sp.GetRequiredService<SqliteDatabase>(), failedLoginKey));
                services.AddSingleton<ISentMailLog>(sp => new SqliteSentMailLog(
                    sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
                services.AddHealthChecks().AddCheck<SqliteHealthCheck>("sqlite", tags: [HealthTags.Ready]);
                AddEvictingRepositories<SqliteUserRepository, SqliteSessionRepository>(services, settings);
                break;
            case "Mongo":
                services.AddMongoStore(settings, failedLoginKey);
                AddEvictingRepositories<MongoUserRepository, MongoSessionRepository>(services, settings);
                break;
            default:
                throw new InvalidConfigurationException(
                    $"Invalid configuration: Storage:Provider {settings.Storage.Provider} is not available in this build.");
        }

        // Emailed tokens are the store's too, outside the caching decorators: each is read once, by consuming it.
        services.AddSingleton<IEmailTokenStore>(sp => settings.Storage.Provider == "Mongo"
            ? new MongoEmailTokenStore(sp.GetRequiredService<MongoStore>())
            : new SqliteEmailTokenStore(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The chosen store's rules for its settings (<see cref="StorageCheck"/>); SQLite's path needs none.</summary>
    public static void CheckStorage(StorageOptions storage, bool production, List<string> problems)
    {
        if (storage.Provider == "Mongo")
        {
            MongoConnection.Check(storage.Mongo, production, problems);
        }
    }

    // Whatever the store, revocations evict this instance's session-status cache at once.
    private static void AddEvictingRepositories<TUsers, TSessions>(IServiceCollection services, LatchSettings settings)
        where TUsers : class, IUserRepository
        where TSessions : class, ISessionRepository
    {
        services.AddSingleton(sp => new SessionStatusCache(sp.GetRequiredService<TSessions>(), sp.GetRequiredService<TUsers>(),
            sp.GetRequiredService<IClock>(), settings.Sessions.RevocationCacheDuration));
        services.AddSingleton<ISessionRepository>(sp => new EvictingSessionRepository(
            sp.GetRequiredService<TSessions>(), sp.GetRequiredService<SessionStatusCache>()));
        services.AddSingleton<IUserRepository>(sp => new EvictingUserRepository(
            sp.GetRequiredService<TUsers>(), sp.GetRequiredService<SessionStatusCache>()));
    }
}
