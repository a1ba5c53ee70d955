using Microsoft.Extensions.Diagnostics.HealthChecks;
using MongoDB.Bson;

namespace Latch.Infrastructure.Persistence.Mongo;

/// <summary>Ready when the primary answers a ping within the server-selection timeout.</summary>
internal sealed class MongoHealthCheck(MongoStore store) : IHealthCheck
{
    private static readonly BsonDocument Ping = new("ping", 1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.Database.RunCommandAsync<BsonDocument>(Ping, cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (MongoErrors.IsUnavailable(exception))
        {
            // No description: the readiness endpoint shows the status only.
            return HealthCheckResult.Unhealthy();
        }
    }
}
