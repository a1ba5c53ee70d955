using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Persistence.Mongo;

internal static class MongoRegistration
{
    /// <summary>The store's own services; the caller adds the evicting repositories on top, as for every store.</summary>
    public static IServiceCollection AddMongoStore(this IServiceCollection services, LatchSettings settings, byte[] failedLoginKey)
    {
        var mongo = settings.Storage.Mongo;
        services.AddSingleton(sp => new MongoStore(
            MongoConnection.ClientSettings(mongo.ConnectionString!), mongo.Database!, sp.GetRequiredService<ILogger<MongoStore>>()));
        services.AddSingleton<MongoUserRepository>();
        services.AddSingleton<MongoSessionRepository>();
        services.AddSingleton<ISentMailLog>(sp => new MongoSentMailLog(sp.GetRequiredService<MongoStore>()));
        services.AddSingleton<IFailedLoginTracker>(sp => new MongoFailedLoginTracker(
            sp.GetRequiredService<MongoStore>(), failedLoginKey));
        services.AddHostedService<MongoIndexStartup>();
        services.AddHealthChecks().AddCheck<MongoHealthCheck>("mongo", tags: [HealthTags.Ready]);
        return services;
    }
}
