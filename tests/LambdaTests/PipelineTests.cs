using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Latch.IntegrationTests.Support;
using Latch.LambdaEmulator;
using static Latch.LambdaTests.Support.EdgeAssertions;

namespace Latch.LambdaTests;

/// <summary>
/// The framework middlewares the pipeline is built from — exception handler, HSTS, CORS, rate limiter, authentication,
/// authorization — each present once and in its place, through the real bootstrap fed API Gateway events outside
/// Development: a refusal by authorization still carries the security headers, HSTS and the CORS grant (authorization
/// runs inside them, not ahead of them as the framework would add it a second time); an empty bucket answers 429 before
/// any token is looked at; a preflight to a route that needs a token is CORS's to answer; a valid token gets through.
/// Each test uses its own client address, so the buckets of one never reach another.
/// </summary>
public sealed class PipelineTests(LimitedFunction function) : IClassFixture<LimitedFunction>
{
    private const string Host = "api.example.com";

    [Theory]
    [InlineData(EventFormat.V1, "203.0.113.11")]
    [InlineData(EventFormat.V2, "203.0.113.12")]
    public async Task A_request_without_a_token_is_refused_inside_the_security_headers_HSTS_and_CORS(EventFormat format, string client)
    {
        var (_, response) = await function.Emulator.SendAsync(format, new HttpRequestData
        {
            Method = "GET",
            RawPath = "/v1/users/me",
            SourceIp = client,
            Headers = [new("Host", Host), new("Origin", LimitedFunction.Origin)],
        });

        AssertProblem(response, 401, "invalid_token");
        Assert.Equal("Bearer error=\"invalid_token\"", Single(response, "WWW-Authenticate"));
        AssertSecurityHeaders(response);
        Assert.Equal(LimitedFunction.Origin, Single(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData(EventFormat.V1, "203.0.113.21")]
    [InlineData(EventFormat.V2, "203.0.113.22")]
    public async Task An_empty_bucket_answers_429_before_the_token_is_looked_at(EventFormat format, string client)
    {
        var request = new HttpRequestData
        {
            Method = "GET",
            RawPath = "/v1/users/me",
            SourceIp = client,
            Headers = [new("Host", Host), new("Authorization", "Bearer not-a-token")],
        };
        for (var i = 0; i < LimitedFunction.Burst; i++)
        {
            var (_, refused) = await function.Emulator.SendAsync(format, request);
            AssertProblem(refused, 401, "invalid_token");
        }

        var (_, limited) = await function.Emulator.SendAsync(format, request);
        AssertProblem(limited, 429, "rate_limited");
        Assert.NotNull(Single(limited, "Retry-After"));
        AssertSecurityHeaders(limited);
    }

    [Theory]
    [InlineData(EventFormat.V1, "203.0.113.31")]
    [InlineData(EventFormat.V2, "203.0.113.32")]
    public async Task A_preflight_to_a_route_that_needs_a_token_is_answered_by_CORS(EventFormat format, string client)
    {
        var (_, response) = await function.Emulator.SendAsync(format, new HttpRequestData
        {
            Method = "OPTIONS",
            RawPath = "/v1/users/me",
            SourceIp = client,
            Headers =
            [
                new("Host", Host), new("Origin", LimitedFunction.Origin), new("Access-Control-Request-Method", "GET"),
                new("Access-Control-Request-Headers", "authorization"),
            ],
        });

        Assert.True(response.StatusCode == 204, $"expected 204, got {response.StatusCode}: {response.Text}");
        Assert.Equal(LimitedFunction.Origin, Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("GET", Single(response, "Access-Control-Allow-Methods") ?? "", StringComparison.Ordinal);
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData(EventFormat.V1, "203.0.113.41")]
    [InlineData(EventFormat.V2, "203.0.113.42")]
    public async Task A_valid_token_is_authenticated_and_authorized(EventFormat format, string client)
    {
        var email = $"pipeline-{Guid.NewGuid():N}@example.com";
        var (_, registered) = await function.Emulator.SendAsync(format, new HttpRequestData
        {
            Method = "POST",
            RawPath = "/v1/auth/register",
            SourceIp = client,
            Headers = [new("Host", Host), new("Content-Type", "application/json")],
            Body = JsonSerializer.SerializeToUtf8Bytes(new { email, password = "a long passphrase nobody would guess 42" }),
        });
        Assert.True(registered.StatusCode == 201, registered.Text);
        var token = JsonDocument.Parse(registered.Body).RootElement.GetProperty("accessToken").GetString();

        var (_, me) = await function.Emulator.SendAsync(format, new HttpRequestData
        {
            Method = "GET",
            RawPath = "/v1/users/me",
            SourceIp = client,
            Headers = [new("Host", Host), new("Authorization", $"Bearer {token}"), new("Origin", LimitedFunction.Origin)],
        });

        Assert.True(me.StatusCode == 200, me.Text);
        Assert.Equal(email, JsonDocument.Parse(me.Body).RootElement.GetProperty("email").GetString());
        AssertSecurityHeaders(me);
        Assert.Equal(LimitedFunction.Origin, Single(me, "Access-Control-Allow-Origin"));
    }
}

/// <summary>The real Host.Lambda build outside Development with one CORS origin and a small per-client bucket.</summary>
public sealed class LimitedFunction : IAsyncLifetime
{
    public const string Origin = "https://app.example.com";
    public const int Burst = 3;

    private FunctionProcess? _process;

    public RuntimeApiEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Emulator = await RuntimeApiEmulator.StartAsync();
        _process = FunctionProcess.StartBuilt(Emulator.RuntimeApi, new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Staging",
            ["Jwt__Keys__0__Id"] = "staging-es256",
            ["Jwt__Keys__0__Algorithm"] = "ES256",
            ["Jwt__Keys__0__PrivateKeyPem"] = key.ExportPkcs8PrivateKeyPem(),
            ["Passwords__Pepper"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Passwords__BcryptWorkFactor"] = "10",
            ["Cors__AllowedOrigins__0"] = Origin,
            ["RateLimiting__PerIp__BurstLimit"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimiting__PerIp__PerMinute"] = "1",
            ["RateLimiting__Auth__PerMinute"] = "1000",
            ["Telemetry__Exporter"] = "none",
        });
        await Emulator.WaitUntilReadyAsync(() => _process.Output, _process);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}

/// <summary>
/// Authentication runs inside the exception handler: a store failure while a valid token's session is checked is a 503
/// problem with the security headers — not a bare 500 from an authentication the framework added ahead of the pipeline.
/// </summary>
public sealed class PipelineStoreFailureTests(UnreachableStoreFunction function) : IClassFixture<UnreachableStoreFunction>
{
    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task A_store_failure_while_checking_a_tokens_session_is_a_503_problem(EventFormat format)
    {
        var token = TokenForge.Sign(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(),
            TokenForge.Es256(function.KeyPem, UnreachableStoreFunction.KeyId));

        var (_, response) = await function.Emulator.SendAsync(format, new HttpRequestData
        {
            Method = "GET",
            RawPath = "/v1/users/me",
            Headers = [new("Host", "api.example.com"), new("Authorization", $"Bearer {token}")],
        });

        Assert.True(response.StatusCode == 503, $"expected 503 unavailable, got {response.StatusCode}: {response.Text}");
        Assert.Equal("unavailable", JsonDocument.Parse(response.Body).RootElement.GetProperty("code").GetString());
        Assert.Equal("nosniff", Assert.Single(response.HeaderValues("X-Content-Type-Options")));
        Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.HeaderValues("Strict-Transport-Security")));
    }
}

/// <summary>The real Host.Lambda build outside Development on the MongoDB store, with nothing listening at its address.</summary>
public sealed class UnreachableStoreFunction : IAsyncLifetime
{
    public const string KeyId = "staging-es256";

    private FunctionProcess? _process;

    public RuntimeApiEmulator Emulator { get; private set; } = null!;

    public string KeyPem { get; private set; } = "";

    public async Task InitializeAsync()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        KeyPem = key.ExportPkcs8PrivateKeyPem();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        Emulator = await RuntimeApiEmulator.StartAsync();
        _process = FunctionProcess.StartBuilt(Emulator.RuntimeApi, new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Staging",
            ["Jwt__Keys__0__Id"] = KeyId,
            ["Jwt__Keys__0__Algorithm"] = "ES256",
            ["Jwt__Keys__0__PrivateKeyPem"] = KeyPem,
            ["Passwords__Pepper"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Passwords__BcryptWorkFactor"] = "10",
            ["Storage__Provider"] = "Mongo",
            ["Storage__Mongo__ConnectionString"] = $"mongodb://127.0.0.1:{closedPort}/?serverSelectionTimeoutMS=1000",
            ["Storage__Mongo__Database"] = "latch_pipeline",
            ["Telemetry__Exporter"] = "none",
        });
        await Emulator.WaitUntilReadyAsync(() => _process.Output, _process);
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }
}
