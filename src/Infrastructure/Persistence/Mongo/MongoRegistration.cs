using Latch.Application.Common.Interfaces;
using Latch.Infrastructure.Configuration;
using Latch.Infrastructure.Security;
using Latch.Infrastructure.Web.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Latch.Infrastructure.Persistence.Mongo;

internal static class MongoRegistration
{
    /// <summary>The store's own services; the caller adds the evicting repositories on top, as for every store.</summary>
    public static IServiceCollection AddMongoStore(this IServiceCollection services, LatchSettings settings)
    {
        var mongo = settings.Storage.Mongo;
        services.AddSingleton(sp => new MongoStore(
            MongoConnection.ClientSettings(mongo.ConnectionString!), mongo.Database!, sp.GetRequiredService<ILogger<MongoStore>>()));
        services.AddSingleton<MongoUserRepository>();
        services.AddSingleton<MongoSessionRepository>();
        services.AddSingleton<IFailedLoginTracker>(sp => new MongoFailedLoginTracker(
            sp.GetRequiredService<MongoStore>(), KeyDerivation.Derive(settings.Pepper, KeyDerivation.FailedLoginKeyLabel)));
        services.AddHostedService<MongoIndexStartup>();
        services.AddHealthChecks().AddCheck<MongoHealthCheck>("mongo", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }
}
