using System.Net.Sockets;

namespace Latch.Tools.Smoke;

/// <summary>What an HTTPS endpoint must do before any request is looked at: TLS versions, HSTS, no plain HTTP.</summary>
internal sealed class TransportChecks(SmokeClient client, TlsProbe probe, SmokeOptions options, CheckLog log)
{
    private const long OneYearSeconds = 31_536_000;

    /// <summary>TLS 1.0 and 1.1 handshakes refused, TLS 1.2 accepted: the endpoint's security policy, seen from outside.</summary>
    public async Task CheckTlsVersions()
    {
        var host = options.BaseUrl.IdnHost;
        var port = options.BaseUrl.Port;
        try
        {
            var problems = new List<string>();
            foreach (var (version, label) in new[] { (TlsProbe.Tls10, "TLS 1.0"), (TlsProbe.Tls11, "TLS 1.1") })
            {
                var (accepted, _) = await probe.OffersLegacyAsync(host, port, version);
                if (accepted)
                {
                    problems.Add($"a {label} handshake is accepted");
                }
            }

            var (modern, detail) = await probe.AcceptsTls12Async(host, port);
            if (!modern)
            {
                problems.Add($"a TLS 1.2 handshake is refused ({detail})");
            }

            await (problems.Count == 0
                ? log.Pass("tls-versions", "TLS 1.0 and 1.1 refused, TLS 1.2 accepted")
                : log.Fail("tls-versions", string.Join("; ", problems) + $" at {host}:{port}: set a TLS 1.2+ security policy"));
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            await log.Fail("tls-versions", $"cannot connect to {host}:{port}: {exception.Message}");
        }
    }

    public async Task CheckHsts(HttpResponseMessage live)
    {
        if (!live.Headers.TryGetValues("Strict-Transport-Security", out var values))
        {
            await log.Fail("hsts", "no Strict-Transport-Security header on an HTTPS response");
            return;
        }

        var value = string.Join(",", values);
        var maxAge = value.Split(';', StringSplitOptions.TrimEntries)
            .Where(p => p.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase))
            .Select(p => long.TryParse(p[8..].Trim('"'), out var seconds) ? seconds : -1)
            .DefaultIfEmpty(-1).First();
        if (maxAge < OneYearSeconds)
        {
            await log.Fail("hsts", $"Strict-Transport-Security max-age is {maxAge}, expected at least {OneYearSeconds} (a year)");
        }
        else
        {
            await log.Pass("hsts", $"max-age={maxAge}");
        }
    }

    public async Task CheckPlainHttpRefused()
    {
        var plain = new UriBuilder(options.BaseUrl) { Scheme = "http", Port = options.BaseUrl.IsDefaultPort ? 80 : options.BaseUrl.Port };
        var url = plain.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/health/live";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            using var response = await client.GetAsync(new Uri(url), timeout.Token);
            var status = (int)response.StatusCode;
            var location = response.Headers.Location;
            if (status is >= 300 and < 400)
            {
                if (location is not null && location.IsAbsoluteUri && location.Scheme == "https")
                {
                    await log.Pass("http-refused", $"plain HTTP is redirected to {location.GetLeftPart(UriPartial.Scheme)}");
                }
                else
                {
                    await log.Fail("http-refused", $"plain HTTP is redirected, but not to https:// ({location})");
                }
            }
            else if (status is >= 200 and < 300)
            {
                await log.Fail("http-refused", $"plain HTTP answered {status}: the API is served without TLS at {plain.Uri.GetLeftPart(UriPartial.Authority)}");
            }
            else
            {
                await log.Pass("http-refused", $"plain HTTP refused with {status}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await log.Pass("http-refused", "nothing answers plain HTTP");
        }
    }
}
