using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Latch.LambdaEmulator;
using static Latch.LambdaTests.Support.EdgeAssertions;

namespace Latch.LambdaTests;

/// <summary>
/// The answers the edge writes itself, through the real bootstrap fed API Gateway events, outside Development (so HSTS
/// is on) and with CORS configured: a body that is not JSON, a body that is not the base64 its event says it is — each a
/// problem with its code and with every security header.
/// </summary>
public sealed class EdgeResponseTests(StagingFunction function) : IClassFixture<StagingFunction>
{
    private const string Host = "api.example.com";

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task Malformed_JSON_is_a_problem_with_the_security_headers_and_HSTS(EventFormat format)
    {
        var (_, response) = await function.Emulator.SendAsync(format, new HttpRequestData
        {
            Method = "POST",
            RawPath = "/v1/auth/login",
            Headers = [new("Host", Host), new("Content-Type", "application/json"), new("Origin", StagingFunction.Origin)],
            Body = Encoding.UTF8.GetBytes("{\"email\": "),
        });

        AssertProblem(response, 400, "malformed_request");
        AssertSecurityHeaders(response);
        Assert.Equal(StagingFunction.Origin, Single(response, "Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task A_body_that_is_not_the_base64_its_event_claims_is_a_malformed_request_problem(EventFormat format)
    {
        var request = new HttpRequestData
        {
            Method = "POST",
            RawPath = "/v1/auth/login",
            Headers = [new("Host", Host), new("Content-Type", "application/json")],
            Body = Encoding.UTF8.GetBytes("{}"),
        };
        var @event = format == EventFormat.V1 ? ApiGatewayEvents.RestV1(request) : ApiGatewayEvents.HttpV2(request);
        @event["body"] = "this is not base64!";
        @event["isBase64Encoded"] = true;

        var result = await function.Emulator.InvokeAsync(@event.ToJsonString());

        Assert.True(result.Outcome == InvocationOutcome.Response, result.Text);
        var response = ApiGatewayResults.Parse(format, result.Payload);
        AssertProblem(response, 400, "malformed_request");
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData(EventFormat.V1)]
    [InlineData(EventFormat.V2)]
    public async Task A_CORS_preflight_varies_by_origin(EventFormat format)
    {
        var (_, response) = await function.Emulator.SendAsync(format, new HttpRequestData
        {
            Method = "OPTIONS",
            RawPath = "/v1/auth/login",
            Headers = [new("Host", Host), new("Origin", StagingFunction.Origin), new("Access-Control-Request-Method", "POST")],
        });

        Assert.Equal(204, response.StatusCode);
        Assert.Equal(StagingFunction.Origin, Single(response, "Access-Control-Allow-Origin"));
        Assert.Contains("Origin", response.HeaderValues("Vary").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)));
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData(EventFormat.V1, "perasperaadastra", "common")]
    [InlineData(EventFormat.V2, "qwertyuiopasdfgh", "common sequential")]
    [InlineData(EventFormat.V2, "Sunflower Sunflower", "repetitive")]
    public async Task A_weak_password_is_refused_naming_its_rules(EventFormat format, string password, string rules)
    {
        // The breach list is an embedded resource and the rules run in the deployed (AOT) binary: both are exercised here.
        var (_, response) = await function.Emulator.SendAsync(format, new HttpRequestData
        {
            Method = "POST",
            RawPath = "/v1/auth/register",
            Headers = [new("Host", Host), new("Content-Type", "application/json")],
            Body = JsonSerializer.SerializeToUtf8Bytes(new { email = $"edge-{Guid.NewGuid():N}@example.com", password }),
        });

        AssertProblem(response, 400, "validation_failed");
        var named = JsonDocument.Parse(response.Body).RootElement.GetProperty("passwordRules").GetProperty("password");
        Assert.Equal(rules.Split(' '), named.EnumerateArray().Select(r => r.GetString()));
    }
}

/// <summary>The real Host.Lambda build outside Development: its own keys and pepper, HSTS on, one CORS origin.</summary>
public sealed class StagingFunction : IAsyncLifetime
{
    public const string Origin = "https://app.example.com";

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
