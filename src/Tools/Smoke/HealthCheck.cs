using System.Net;

namespace Latch.Tools.Smoke;

/// <summary>Live, and ready: the function runs and reaches its store.</summary>
internal sealed class HealthCheck(SmokeClient client, CheckLog log)
{
    public async Task Check(HttpResponseMessage live)
    {
        if (live.StatusCode != HttpStatusCode.OK)
        {
            await log.Fail("health", $"GET /health/live answered {(int)live.StatusCode}");
            return;
        }

        using var ready = await client.Send(HttpMethod.Get, "/health/ready");
        if (ready.StatusCode != HttpStatusCode.OK)
        {
            await log.Fail("health", $"GET /health/ready answered {(int)ready.StatusCode}: the store is not reachable");
            return;
        }

        await log.Pass("health", "live and ready");
    }
}
