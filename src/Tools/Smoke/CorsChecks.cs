namespace Latch.Tools.Smoke;

/// <summary>The configured origin is echoed, on a preflight and on a simple request; a stranger gets nothing.</summary>
internal sealed class CorsChecks(SmokeClient client, SmokeOptions options, CheckLog log)
{
    public async Task CheckAllowed()
    {
        var problems = new List<string>();
        using (var preflight = await client.Send(HttpMethod.Options, "/v1/auth/login", origin: options.Origin, preflight: true))
        {
            var allowed = AllowOrigin(preflight);
            if ((int)preflight.StatusCode is < 200 or >= 300)
            {
                problems.Add($"preflight from {options.Origin} answered {(int)preflight.StatusCode}");
            }
            else if (allowed != options.Origin)
            {
                problems.Add($"preflight from {options.Origin} got Access-Control-Allow-Origin: {allowed ?? "(none)"}");
            }
        }

        using (var get = await client.Send(HttpMethod.Get, "/health/live", origin: options.Origin))
        {
            var allowed = AllowOrigin(get);
            if (allowed != options.Origin)
            {
                problems.Add($"GET from {options.Origin} got Access-Control-Allow-Origin: {allowed ?? "(none)"}");
            }
        }

        await log.Result("cors-allowed", problems, $"{options.Origin} is echoed");
    }

    public async Task CheckDisallowed()
    {
        var problems = new List<string>();
        using (var get = await client.Send(HttpMethod.Get, "/health/live", origin: options.DisallowedOrigin))
        {
            if (AllowOrigin(get) is { } allowed)
            {
                problems.Add($"GET from {options.DisallowedOrigin} got Access-Control-Allow-Origin: {allowed}");
            }
        }

        // API Gateway answers a preflight itself and may name its first configured origin, which a browser rejects
        // as a mismatch; only '*' or the stranger's own origin would let the stranger in.
        using (var preflight = await client.Send(HttpMethod.Options, "/v1/auth/login", origin: options.DisallowedOrigin, preflight: true))
        {
            if (AllowOrigin(preflight) is "*" || AllowOrigin(preflight) == options.DisallowedOrigin)
            {
                problems.Add($"preflight from {options.DisallowedOrigin} got Access-Control-Allow-Origin: {AllowOrigin(preflight)}");
            }
        }

        await log.Result("cors-disallowed", problems, $"{options.DisallowedOrigin} gets no CORS access");
    }

    private static string? AllowOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? string.Join(",", values) : null;
}
