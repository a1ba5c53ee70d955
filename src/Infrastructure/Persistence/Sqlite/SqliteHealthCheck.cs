using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Latch.Infrastructure.Persistence.Sqlite;

internal sealed class SqliteHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = database.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            command.ExecuteScalar();
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy());
        }
    }
}
