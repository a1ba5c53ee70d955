using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Latch.Tools.Smoke;

internal sealed record SmokeOptions(Uri BaseUrl, string Origin, string DisallowedOrigin, int Burst, bool AllowHttp);

internal enum Outcome
{
    Pass,
    Fail,
    Skip,
}

internal sealed record CheckResult(string Name, Outcome Outcome, string Detail)
{
    public override string ToString() => Outcome switch
    {
        Outcome.Pass => $"PASS {Name}" + (Detail.Length > 0 ? $" ({Detail})" : ""),
        Outcome.Fail => $"FAIL {Name}: {Detail}",
        _ => $"SKIP {Name}: {Detail}",
    };
}

/// <summary>
/// The checks, in order. Each prints its line as soon as it is known. The throwaway account is deleted even
/// when a check in between fails; the rate-limit burst runs last, because it leaves this client limited on
/// <c>/v1/auth</c> for up to a minute.
/// </summary>
internal sealed class SmokeRun(HttpClient http, TlsProbe probe, SmokeOptions options, TextWriter output)
{
    private const long OneYearSeconds = 31_536_000;
    private readonly List<CheckResult> _results = [];
    private readonly string _base = options.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');

    public async Task<IReadOnlyList<CheckResult>> RunAsync()
    {
        var tls = options.BaseUrl.Scheme == "https";
        if (tls)
        {
            await Pass("https", "base URL is https://");
            await CheckTlsVersions();
        }
        else if (options.AllowHttp)
        {
            const string why = "base URL is plain http:// (--allow-http): TLS, HSTS and the refusal of plain HTTP were NOT checked";
            await Skip("https", why);
            await Skip("tls-versions", why);
            await Skip("hsts", why);
            await Skip("http-refused", why);
        }
        else
        {
            await Fail("https", "base URL is http://; give the deployed https:// URL (--allow-http is for a local instance only)");
            return _results;
        }

        HttpResponseMessage live;
        try
        {
            live = await Send(HttpMethod.Get, "/health/live");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Fail("health", $"cannot reach {_base}/health/live: {exception.Message}");
            return _results;
        }

        using (live)
        {
            if (tls)
            {
                await CheckHsts(live);
                await CheckPlainHttpRefused();
            }

            await Guard("health", () => CheckHealth(live));
            await Guard("security-headers", () => CheckSecurityHeaders(live));
        }

        await Guard("cors-allowed", CheckCorsAllowed);
        await Guard("cors-disallowed", CheckCorsDisallowed);
        await RunAccountFlow();
        await Guard("rate-limit", CheckRateLimit);
        return _results;
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
            await Fail(name, $"request failed: {exception.Message}");
        }
    }

    /// <summary>TLS 1.0 and 1.1 handshakes refused, TLS 1.2 accepted: the endpoint's security policy, seen from outside.</summary>
    private async Task CheckTlsVersions()
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
                ? Pass("tls-versions", "TLS 1.0 and 1.1 refused, TLS 1.2 accepted")
                : Fail("tls-versions", string.Join("; ", problems) + $" at {host}:{port}: set a TLS 1.2+ security policy"));
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            await Fail("tls-versions", $"cannot connect to {host}:{port}: {exception.Message}");
        }
    }

    private async Task CheckHsts(HttpResponseMessage live)
    {
        if (!live.Headers.TryGetValues("Strict-Transport-Security", out var values))
        {
            await Fail("hsts", "no Strict-Transport-Security header on an HTTPS response");
            return;
        }

        var value = string.Join(",", values);
        var maxAge = value.Split(';', StringSplitOptions.TrimEntries)
            .Where(p => p.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase))
            .Select(p => long.TryParse(p[8..].Trim('"'), out var seconds) ? seconds : -1)
            .DefaultIfEmpty(-1).First();
        if (maxAge < OneYearSeconds)
        {
            await Fail("hsts", $"Strict-Transport-Security max-age is {maxAge}, expected at least {OneYearSeconds} (a year)");
        }
        else
        {
            await Pass("hsts", $"max-age={maxAge}");
        }
    }

    private async Task CheckPlainHttpRefused()
    {
        var plain = new UriBuilder(options.BaseUrl) { Scheme = "http", Port = options.BaseUrl.IsDefaultPort ? 80 : options.BaseUrl.Port };
        var url = plain.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/health/live";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            using var response = await http.GetAsync(new Uri(url), timeout.Token);
            var status = (int)response.StatusCode;
            var location = response.Headers.Location;
            if (status is >= 300 and < 400)
            {
                if (location is not null && location.IsAbsoluteUri && location.Scheme == "https")
                {
                    await Pass("http-refused", $"plain HTTP is redirected to {location.GetLeftPart(UriPartial.Scheme)}");
                }
                else
                {
                    await Fail("http-refused", $"plain HTTP is redirected, but not to https:// ({location})");
                }
            }
            else if (status is >= 200 and < 300)
            {
                await Fail("http-refused", $"plain HTTP answered {status}: the API is served without TLS at {plain.Uri.GetLeftPart(UriPartial.Authority)}");
            }
            else
            {
                await Pass("http-refused", $"plain HTTP refused with {status}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Pass("http-refused", "nothing answers plain HTTP");
        }
    }

    private async Task CheckHealth(HttpResponseMessage live)
    {
        if (live.StatusCode != HttpStatusCode.OK)
        {
            await Fail("health", $"GET /health/live answered {(int)live.StatusCode}");
            return;
        }

        using var ready = await Send(HttpMethod.Get, "/health/ready");
        if (ready.StatusCode != HttpStatusCode.OK)
        {
            await Fail("health", $"GET /health/ready answered {(int)ready.StatusCode}: the store is not reachable");
            return;
        }

        await Pass("health", "live and ready");
    }

    private async Task CheckSecurityHeaders(HttpResponseMessage live)
    {
        using var me = await Send(HttpMethod.Get, "/v1/users/me");
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

        await Result("security-headers", problems, "nosniff, no-store on /v1, 401 without a token");
    }

    private async Task CheckCorsAllowed()
    {
        var problems = new List<string>();
        using (var preflight = await Send(HttpMethod.Options, "/v1/auth/login", origin: options.Origin, preflight: true))
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

        using (var get = await Send(HttpMethod.Get, "/health/live", origin: options.Origin))
        {
            var allowed = AllowOrigin(get);
            if (allowed != options.Origin)
            {
                problems.Add($"GET from {options.Origin} got Access-Control-Allow-Origin: {allowed ?? "(none)"}");
            }
        }

        await Result("cors-allowed", problems, $"{options.Origin} is echoed");
    }

    private async Task CheckCorsDisallowed()
    {
        var problems = new List<string>();
        using (var get = await Send(HttpMethod.Get, "/health/live", origin: options.DisallowedOrigin))
        {
            if (AllowOrigin(get) is { } allowed)
            {
                problems.Add($"GET from {options.DisallowedOrigin} got Access-Control-Allow-Origin: {allowed}");
            }
        }

        // API Gateway answers a preflight itself and may name its first configured origin, which a browser rejects
        // as a mismatch; only '*' or the stranger's own origin would let the stranger in.
        using (var preflight = await Send(HttpMethod.Options, "/v1/auth/login", origin: options.DisallowedOrigin, preflight: true))
        {
            if (AllowOrigin(preflight) is "*" || AllowOrigin(preflight) == options.DisallowedOrigin)
            {
                problems.Add($"preflight from {options.DisallowedOrigin} got Access-Control-Allow-Origin: {AllowOrigin(preflight)}");
            }
        }

        await Result("cors-disallowed", problems, $"{options.DisallowedOrigin} gets no CORS access");
    }

    private async Task RunAccountFlow()
    {
        var email = $"latch-smoke-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}@example.com";
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        string? registeredAccess = null;
        var step = "register";
        try
        {
            using var register = await SendJson(HttpMethod.Post, "/v1/auth/register", new JsonObject { ["email"] = email, ["password"] = password });
            var registered = await Auth(register, HttpStatusCode.Created);
            registeredAccess = registered?.Access;
            if (registered is null)
            {
                await Fail("register", Unexpected(register, 201));
                await SkipAll("not run: register failed", "login", "refresh", "me", "logout", "delete-account");
                return;
            }

            var registerProblems = new List<string>();
            if (register.Headers.CacheControl?.NoStore != true)
            {
                registerProblems.Add("a response with tokens has no Cache-Control: no-store");
            }

            if (registered.Email != email)
            {
                registerProblems.Add("the response does not name the registered email");
            }

            await Result("register", registerProblems, "throwaway account " + email);
            step = "login";

            using var login = await SendJson(HttpMethod.Post, "/v1/auth/login", new JsonObject { ["email"] = email, ["password"] = password });
            var loggedIn = await Auth(login, HttpStatusCode.OK);
            if (loggedIn is null)
            {
                await Fail("login", Unexpected(login, 200));
                await SkipAll("not run: login failed", "refresh", "me", "logout");
                return;
            }

            await Pass("login", "");
            step = "refresh";

            using var refresh = await SendJson(HttpMethod.Post, "/v1/auth/refresh", new JsonObject { ["refreshToken"] = loggedIn.Refresh });
            var refreshed = await Auth(refresh, HttpStatusCode.OK);
            if (refreshed is null || refreshed.Refresh == loggedIn.Refresh)
            {
                await Fail("refresh", refreshed is null ? Unexpected(refresh, 200) : "the refresh token was not rotated");
                await SkipAll("not run: refresh failed", "me", "logout");
                return;
            }

            await Pass("refresh", "rotated");
            step = "me";

            using var me = await Send(HttpMethod.Get, "/v1/users/me", bearer: refreshed.Access);
            var meEmail = me.StatusCode == HttpStatusCode.OK ? (await ReadJson(me))?["email"]?.GetValue<string>() : null;
            if (meEmail == email)
            {
                await Pass("me", "");
            }
            else
            {
                await Fail("me", me.StatusCode == HttpStatusCode.OK ? "the user returned is not the signed-in one" : Unexpected(me, 200));
            }

            step = "logout";
            using var logout = await Send(HttpMethod.Post, "/v1/auth/logout", bearer: refreshed.Access);
            if (logout.StatusCode != HttpStatusCode.NoContent)
            {
                await Fail("logout", Unexpected(logout, 204));
                return;
            }

            using var after = await SendJson(HttpMethod.Post, "/v1/auth/refresh", new JsonObject { ["refreshToken"] = refreshed.Refresh });
            if (after.StatusCode == HttpStatusCode.Unauthorized)
            {
                await Pass("logout", "the session's refresh token is refused afterwards");
            }
            else
            {
                await Fail("logout", $"after logout the session's refresh token answered {(int)after.StatusCode}, not 401");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Fail(step, $"request failed: {exception.Message}");
        }
        finally
        {
            if (registeredAccess is not null)
            {
                await DeleteAccount(registeredAccess, password, email);
            }
        }
    }

    private async Task DeleteAccount(string accessToken, string password, string email)
    {
        try
        {
            using var delete = await SendJson(HttpMethod.Delete, "/v1/users/me", new JsonObject { ["password"] = password }, bearer: accessToken);
            if (delete.StatusCode == HttpStatusCode.NoContent)
            {
                await Pass("delete-account", "the throwaway account is gone");
            }
            else
            {
                await Fail("delete-account", $"{Unexpected(delete, 204)}; delete {email} by hand");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Fail("delete-account", $"{exception.Message}; delete {email} by hand");
        }
    }

    private async Task CheckRateLimit()
    {
        for (var i = 1; i <= options.Burst; i++)
        {
            var email = $"latch-smoke-burst-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}@example.com";
            using var response = await SendJson(HttpMethod.Post, "/v1/auth/login",
                new JsonObject { ["email"] = email, ["password"] = "not-the-password-of-anyone" });
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                continue;
            }

            var code = (await ReadJson(response))?["code"]?.GetValue<string>();
            if (code != "rate_limited")
            {
                continue;
            }

            if (response.Headers.RetryAfter is null)
            {
                await Fail("rate-limit", $"429 rate_limited after {i} logins, but without Retry-After");
            }
            else
            {
                await Pass("rate-limit", $"429 rate_limited after {i} logins, Retry-After {response.Headers.RetryAfter}");
            }

            return;
        }

        await Fail("rate-limit", $"no 429 rate_limited within {options.Burst} logins (--burst)");
    }

    private static async Task<AuthTokens?> Auth(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            return null;
        }

        var json = await ReadJson(response);
        var access = json?["accessToken"]?.GetValue<string>();
        var refresh = json?["refreshToken"]?.GetValue<string>();
        var email = json?["user"]?["email"]?.GetValue<string>();
        return access is null || refresh is null ? null : new AuthTokens(access, refresh, email);
    }

    private static async Task<JsonNode?> ReadJson(HttpResponseMessage response)
    {
        try
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Unexpected(HttpResponseMessage response, int expected) =>
        $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode}, expected {expected}";

    private static bool HasNoSniff(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Content-Type-Options", out var values) &&
        values.Any(v => v.Equals("nosniff", StringComparison.OrdinalIgnoreCase));

    private static string? AllowOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? string.Join(",", values) : null;

    private Task<HttpResponseMessage> SendJson(HttpMethod method, string path, JsonObject body, string? bearer = null) =>
        Send(method, path, bearer: bearer, content: JsonContent.Create(body));

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? origin = null, bool preflight = false,
        string? bearer = null, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base + path)) { Content = content };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (preflight)
        {
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private Task Result(string name, List<string> problems, string passDetail) =>
        problems.Count == 0 ? Pass(name, passDetail) : Fail(name, string.Join("; ", problems));

    private Task Pass(string name, string detail) => Record(new CheckResult(name, Outcome.Pass, detail));

    private Task Fail(string name, string detail) => Record(new CheckResult(name, Outcome.Fail, detail));

    private Task Skip(string name, string detail) => Record(new CheckResult(name, Outcome.Skip, detail));

    private async Task SkipAll(string detail, params string[] names)
    {
        foreach (var name in names)
        {
            await Skip(name, detail);
        }
    }

    private async Task Record(CheckResult result)
    {
        _results.Add(result);
        await output.WriteLineAsync(result.ToString());
    }

    private sealed record AuthTokens(string Access, string Refresh, string? Email);
}
