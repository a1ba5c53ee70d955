using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Persistence.Caching;
using Latch.Infrastructure.Persistence.Mongo;
using Latch.Infrastructure.Persistence.Sqlite;
using Latch.Infrastructure.Security;
using Latch.Infrastructure.Web.Health;
using Microsoft.Extensions.DependencyInjection;

namespace Latch.Infrastructure.Persistence;

internal static class PersistenceRegistration
{
    public static IServiceCollection AddStore(this IServiceCollection services, LatchSettings settings)
    {
        switch (settings.Storage.Provider)
        {
            case "Sqlite":
                services.AddSingleton(_ => new SqliteDatabase(settings.SqlitePath));
                services.AddSingleton<SqliteUserRepository>();
                services.AddSingleton<SqliteSessionRepository>();
                services.AddSingleton<IFailedLoginTracker>(sp => new SqliteFailedLoginTracker(
                    sp.GetRequiredService<SqliteDatabase>(), KeyDerivation.Derive(settings.Pepper, KeyDerivation.FailedLoginKeyLabel)));
                services.AddHealthChecks().AddCheck<SqliteHealthCheck>("sqlite", tags: [HealthEndpoints.ReadyTag]);
                AddEvictingRepositories<SqliteUserRepository, SqliteSessionRepository>(services, settings);
                break;
            case "Mongo":
                services.AddMongoStore(settings);
                AddEvictingRepositories<MongoUserRepository, MongoSessionRepository>(services, settings);
                break;
            default:
                throw new InvalidConfigurationException(
                    $"Invalid configuration: Storage:Provider {settings.Storage.Provider} is not available in this build.");
        }

        return services;
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
