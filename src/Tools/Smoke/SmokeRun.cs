namespace Latch.Tools.Smoke;

/// <summary>
/// The checks, in order. Each prints its line as soon as it is known. The throwaway account is deleted even
/// when a check in between fails; the rate-limit burst runs last, because it leaves this client limited on
/// <c>/v1/auth</c> for up to a minute.
/// </summary>
internal sealed class SmokeRun(HttpClient http, TlsProbe probe, SmokeOptions options, TextWriter output)
{
    private readonly CheckLog _log = new(output);
    private readonly SmokeClient _client = new(http, options.BaseUrl);

    public async Task<IReadOnlyList<CheckResult>> RunAsync()
    {
        var transport = new TransportChecks(_client, probe, options, _log);
        var tls = options.BaseUrl.Scheme == "https";
        if (tls)
        {
            await _log.Pass("https", "base URL is https://");
            await transport.CheckTlsVersions();
        }
        else if (options.AllowHttp)
        {
            const string why = "base URL is plain http:// (--allow-http): TLS, HSTS and the refusal of plain HTTP were NOT checked";
            await _log.SkipAll(why, "https", "tls-versions", "hsts", "http-refused");
        }
        else
        {
            await _log.Fail("https", "base URL is http://; give the deployed https:// URL (--allow-http is for a local instance only)");
            return _log.Results;
        }

        HttpResponseMessage live;
        try
        {
            live = await _client.Send(HttpMethod.Get, "/health/live");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await _log.Fail("health", $"cannot reach {_client.Base}/health/live: {exception.Message}");
            return _log.Results;
        }

        using (live)
        {
            if (tls)
            {
                await transport.CheckHsts(live);
                await transport.CheckPlainHttpRefused();
            }

            await Guard("health", () => new HealthCheck(_client, _log).Check(live));
            await Guard("security-headers", () => new SecurityHeaderCheck(_client, _log).Check(live));
        }

        var cors = new CorsChecks(_client, options, _log);
        await Guard("cors-allowed", cors.CheckAllowed);
        await Guard("cors-disallowed", cors.CheckDisallowed);
        await new AccountFlow(_client, _log).Run();
        await Guard("rate-limit", new RateLimitCheck(_client, options, _log).Check);
        return _log.Results;
    }

    /// <summary>A dropped connection or a timeout fails the check it happened in, and the run goes on.</summary>
    private async Task Guard(string name, Func<Task> check)
    {
        try
        {
            await check();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await _log.Fail(name, $"request failed: {exception.Message}");
        }
    }
}
