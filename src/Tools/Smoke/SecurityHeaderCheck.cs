using System.Net;

namespace Latch.Tools.Smoke;

/// <summary>nosniff everywhere, no-store on the API, and a 401 for a protected route without a token.</summary>
internal sealed class SecurityHeaderCheck(SmokeClient client, CheckLog log)
{
    public async Task Check(HttpResponseMessage live)
    {
        using var me = await client.Send(HttpMethod.Get, "/v1/users/me");
        var problems = new List<string>();
        if (!HasNoSniff(live))
        {
            problems.Add("no X-Content-Type-Options: nosniff on /health/live");
        }

        if (me.StatusCode != HttpStatusCode.Unauthorized)
        {
            problems.Add($"GET /v1/users/me without a token answered {(int)me.StatusCode}, not 401");
        }

        if (!HasNoSniff(me))
        {
            problems.Add("no X-Content-Type-Options: nosniff on /v1/users/me");
        }

        if (me.Headers.CacheControl?.NoStore != true)
        {
            problems.Add("no Cache-Control: no-store on /v1/users/me");
        }

        await log.Result("security-headers", problems, "nosniff, no-store on /v1, 401 without a token");
    }

    private static bool HasNoSniff(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Content-Type-Options", out var values) &&
        values.Any(v => v.Equals("nosniff", StringComparison.OrdinalIgnoreCase));
}
