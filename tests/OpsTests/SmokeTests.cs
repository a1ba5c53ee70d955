using System.Net.Sockets;
using System.Security.Authentication;
using Latch.OpsTests.Support;

namespace Latch.OpsTests;

[Collection(LiveApi.Name)]
public sealed class SmokeTests(SharedInstance shared)
{
    private static readonly string[] TlsChecks = ["https", "tls-versions", "hsts", "http-refused"];
    private static readonly string[] AllChecks =
    [
        "https", "tls-versions", "hsts", "http-refused", "health", "security-headers", "cors-allowed", "cors-disallowed",
        "register", "login", "refresh", "me", "logout", "delete-account", "rate-limit",
    ];

    private LatchInstance Latch => shared.Instance;

    [Fact]
    public async Task Passes_against_a_local_instance_and_says_TLS_was_not_checked()
    {
        var result = await Smoke(Latch.BaseUrl, Loopback.Handler(), "--allow-http");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var check in AllChecks)
        {
            var expected = TlsChecks.Contains(check) ? $"SKIP {check}:" : $"PASS {check}";
            Assert.Contains(result.Lines, line => line.StartsWith(expected, StringComparison.Ordinal));
        }

        Assert.Contains("TLS, HSTS and the refusal of plain HTTP were NOT checked", result.Out);
        Assert.Contains("NOT a deployment check", result.Error);
        Assert.DoesNotContain("FAIL", result.Out);
        Assert.Contains(result.Lines, line => line.StartsWith("PASS rate-limit (429 rate_limited after", StringComparison.Ordinal));

        // The order is part of the contract: the throwaway account is gone before the burst limits this client.
        Assert.Equal(AllChecks, result.Lines.Select(CheckName));
    }

    [Fact]
    public async Task With_email_verification_on_the_account_steps_are_skipped_saying_why()
    {
        await using var verifying = await LatchInstance.StartAsync(new Dictionary<string, string> { ["Registration__RequireEmailVerification"] = "true" });

        var result = await Smoke(verifying.BaseUrl, Loopback.Handler(), "--allow-http");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.Lines, line => line.StartsWith("PASS register (202: email verification is on", StringComparison.Ordinal));
        Assert.Contains(result.Lines, line => line.StartsWith("SKIP login: not run: with email verification on", StringComparison.Ordinal));
        Assert.DoesNotContain("FAIL", result.Out);
    }

    [Fact]
    public async Task Fails_naming_the_CORS_checks_against_an_instance_that_answers_any_origin()
    {
        await using var proxy = await TamperingProxy.StartAsync(Latch.BaseUrl, new Tampering { WildcardCors = true });

        var result = await Smoke(proxy.BaseUrl, Loopback.Handler(), "--allow-http");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Lines, line => line.StartsWith("FAIL cors-disallowed: GET from https://smoke-disallowed.example.net got Access-Control-Allow-Origin: *", StringComparison.Ordinal));
        Assert.Contains(result.Lines, line => line.StartsWith("FAIL cors-allowed: preflight from https://app.example.com got Access-Control-Allow-Origin: *", StringComparison.Ordinal));
        Assert.Contains("PASS register", result.Out);
        Assert.Contains("PASS delete-account", result.Out);
    }

    [Fact]
    public async Task Latch_itself_refuses_to_start_with_a_wildcard_origin()
    {
        var (exitCode, log) = await LatchInstance.RunUntilExitAsync(new Dictionary<string, string> { ["Cors__AllowedOrigins__0"] = "*" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Cors:AllowedOrigins:0 must be an exact origin, not a wildcard.", log);
    }

    [Fact]
    public async Task Passes_the_TLS_checks_behind_an_edge_with_HSTS_that_refuses_plain_HTTP()
    {
        using var edge = new TlsEdge(Latch.BaseUrl, addHsts: true, PlainHttp.Refused);
        await using var tls = new DotnetTlsServer(SslProtocols.Tls12 | SslProtocols.Tls13);

        var result = await Smoke(TlsEdge.PublicUrl, edge, tls);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PASS https", result.Out);
        Assert.Contains("PASS tls-versions (TLS 1.0 and 1.1 refused, TLS 1.2 accepted)", result.Out);
        Assert.Contains("PASS hsts (max-age=31536000)", result.Out);
        Assert.Contains("PASS http-refused (nothing answers plain HTTP)", result.Out);
        Assert.DoesNotContain("SKIP", result.Out);
        Assert.Equal(AllChecks, result.Lines.Select(CheckName));
    }

    [Fact]
    public async Task Accepts_a_redirect_of_plain_HTTP_to_HTTPS()
    {
        using var edge = new TlsEdge(Latch.BaseUrl, addHsts: true, PlainHttp.Redirected);
        await using var tls = new DotnetTlsServer(SslProtocols.Tls12 | SslProtocols.Tls13);

        var result = await Smoke(TlsEdge.PublicUrl, edge, tls);

        Assert.Contains("PASS http-refused (plain HTTP is redirected to https://)", result.Out);
    }

    [Fact]
    public async Task Fails_hsts_when_HTTPS_responses_lack_the_header()
    {
        using var edge = new TlsEdge(Latch.BaseUrl, addHsts: false, PlainHttp.Refused);
        await using var tls = new DotnetTlsServer(SslProtocols.Tls12 | SslProtocols.Tls13);

        var result = await Smoke(TlsEdge.PublicUrl, edge, tls);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL hsts: no Strict-Transport-Security header on an HTTPS response", result.Out);
    }

    [Fact]
    public async Task Fails_http_refused_when_the_API_answers_plain_HTTP()
    {
        using var edge = new TlsEdge(Latch.BaseUrl, addHsts: true, PlainHttp.Served);
        await using var tls = new DotnetTlsServer(SslProtocols.Tls12 | SslProtocols.Tls13);

        var result = await Smoke(TlsEdge.PublicUrl, edge, tls);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL http-refused: plain HTTP answered 200", result.Out);
    }

    [SkippableFact]
    public async Task Fails_tls_versions_against_an_endpoint_that_accepts_TLS_1_0_and_1_1()
    {
        Skip.If(LegacyTlsServer.OpenSsl is null, "openssl is not on PATH: no TLS 1.1 server to probe");
        using var edge = new TlsEdge(Latch.BaseUrl, addHsts: true, PlainHttp.Refused);
        await using var tls = await LegacyTlsServer.StartAsync();
        // The server really takes TLS 1.1, by OpenSSL's own client (which needs security level 0 even to offer it).
        Assert.Contains("Protocol  : TLSv1.1", await tls.ClientHandshakeAsync("-tls1_1"), StringComparison.Ordinal);

        var result = await Smoke(TlsEdge.PublicUrl, edge, tls);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL tls-versions: a TLS 1.0 handshake is accepted; a TLS 1.1 handshake is accepted at latch.test:443", result.Out);
    }

    [Fact]
    public async Task Fails_tls_versions_against_an_endpoint_that_refuses_TLS_1_2()
    {
        using var edge = new TlsEdge(Latch.BaseUrl, addHsts: true, PlainHttp.Refused);
        await using var tls = new DotnetTlsServer(SslProtocols.Tls13);

        var result = await Smoke(TlsEdge.PublicUrl, edge, tls);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Lines, line => line.StartsWith("FAIL tls-versions: a TLS 1.2 handshake is refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fails_tls_versions_when_nothing_answers_on_port_443()
    {
        using var edge = new TlsEdge(Latch.BaseUrl, addHsts: true, PlainHttp.Refused);

        var result = await Smoke(TlsEdge.PublicUrl, edge, dial: (_, _, _) => throw new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Lines, line => line.StartsWith("FAIL tls-versions: cannot connect to latch.test:443", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_a_plain_HTTP_base_URL_without_allow_http_before_sending_anything()
    {
        var result = await Smoke(Latch.BaseUrl, new NoNetwork());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["FAIL https: base URL is http://; give the deployed https:// URL (--allow-http is for a local instance only)"], result.Lines);
    }

    [Fact]
    public async Task Fails_health_when_the_API_cannot_be_reached()
    {
        var result = await Smoke(new Uri("http://127.0.0.1:9"), Loopback.Handler(), "--allow-http");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Lines, line => line.StartsWith("FAIL health: cannot reach http://127.0.0.1:9/health/live", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fails_security_headers_when_nosniff_is_missing()
    {
        await using var proxy = await TamperingProxy.StartAsync(Latch.BaseUrl, new Tampering { StripHeaders = ["X-Content-Type-Options"] });

        var result = await Smoke(proxy.BaseUrl, Loopback.Handler(), "--allow-http");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL security-headers: no X-Content-Type-Options: nosniff on /health/live; no X-Content-Type-Options: nosniff on /v1/users/me", result.Out);
    }

    [Fact]
    public async Task Fails_the_flow_step_that_breaks_and_still_deletes_the_throwaway_account()
    {
        await using var proxy = await TamperingProxy.StartAsync(Latch.BaseUrl, new Tampering { FailPaths = ["/v1/auth/refresh"] });

        var result = await Smoke(proxy.BaseUrl, Loopback.Handler(), "--allow-http");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL refresh: POST /v1/auth/refresh answered 500, expected 200", result.Out);
        Assert.Contains("SKIP me: not run: refresh failed", result.Out);
        Assert.Contains("SKIP logout: not run: refresh failed", result.Out);
        Assert.Contains("PASS delete-account", result.Out);
    }

    [Fact]
    public async Task Fails_rate_limit_when_no_429_comes_within_the_burst()
    {
        await using var relaxed = await LatchInstance.StartAsync(new Dictionary<string, string> { ["RateLimiting__Auth__PerMinute"] = "1000" });

        var result = await Smoke(relaxed.BaseUrl, Loopback.Handler(), "--allow-http", "--burst", "3");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL rate-limit: no 429 rate_limited within 3 logins (--burst)", result.Out);
    }

    [Theory]
    [InlineData(new string[0], "give exactly one base URL")]
    [InlineData(new[] { "https://latch.test" }, "--origin is required.")]
    [InlineData(new[] { "ftp://latch.test", "--origin", "https://app.example.com" }, "must be an absolute http(s) URL")]
    [InlineData(new[] { "https://latch.test", "--origin", "https://app.example.com/path" }, "--origin must be an origin")]
    [InlineData(new[] { "https://latch.test", "--origin", "https://app.example.com", "--burst", "0" }, "--burst must be a positive whole number.")]
    [InlineData(new[] { "https://latch.test", "--origin", "https://app.example.com", "--verbose" }, "unknown option --verbose.")]
    public async Task Usage_errors_exit_2(string[] args, string message)
    {
        var result = await Tool.RunAsync(["smoke", .. args], http: new NoNetwork());

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    private static Task<ToolResult> Smoke(Uri baseUrl, HttpMessageHandler handler, params string[] extra) =>
        Tool.RunAsync(["smoke", baseUrl.ToString(), "--origin", LatchInstance.AllowedOrigin, .. extra], http: handler);

    private static Task<ToolResult> Smoke(Uri baseUrl, HttpMessageHandler handler, TlsServer tls) =>
        Tool.RunAsync(["smoke", baseUrl.ToString(), "--origin", LatchInstance.AllowedOrigin], http: handler, dial: tls.Dial, validate: tls.Validate);

    private static Task<ToolResult> Smoke(Uri baseUrl, HttpMessageHandler handler, Func<string, int, CancellationToken, Task<Stream>> dial) =>
        Tool.RunAsync(["smoke", baseUrl.ToString(), "--origin", LatchInstance.AllowedOrigin], http: handler, dial: dial);

    /// <summary>"PASS health (live and ready)" → "health"; "SKIP hsts: …" → "hsts".</summary>
    private static string CheckName(string line) => line.Split(' ')[1].TrimEnd(':');

    private sealed class NoNetwork : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"no request expected, got {request.Method} {request.RequestUri}");
    }
}
