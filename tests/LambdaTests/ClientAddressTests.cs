using System.Text;
using System.Text.Json;
using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>
/// On Lambda the client address is the event's source IP, which API Gateway takes from the connection: a client's
/// own <c>X-Forwarded-For</c> changes nothing — not by default, and not when a proxy list is configured either.
/// </summary>
public sealed class ClientAddressTests
{
    private const string SourceIp = "198.51.100.7";

    [Theory]
    [InlineData(EventFormat.V1, null)]
    [InlineData(EventFormat.V2, null)]
    [InlineData(EventFormat.V1, SourceIp)]
    [InlineData(EventFormat.V2, SourceIp)]
    public async Task A_spoofed_X_Forwarded_For_does_not_replace_the_events_source_IP(EventFormat format, string? configuredProxy)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi, new Dictionary<string, string?>
        {
            ["Passwords__BcryptWorkFactor"] = "10",
            ["ForwardedHeaders__KnownProxies__0"] = configuredProxy,
        });
        await emulator.WaitUntilReadyAsync(() => function.Output, function);

        var (_, registered) = await emulator.SendAsync(format, new HttpRequestData
        {
            Method = "POST",
            RawPath = "/v1/auth/register",
            SourceIp = SourceIp,
            Headers = [new("content-type", "application/json"), new("x-forwarded-for", "203.0.113.66"), new("x-forwarded-proto", "http")],
            Body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
            {
                email = $"spoof-{Guid.NewGuid():N}@example.com",
                password = "a long passphrase nobody would guess 42",
                displayName = "Mallory",
            })),
        });
        Assert.True(registered.StatusCode == 201, registered.Text);
        var accessToken = JsonDocument.Parse(registered.Body).RootElement.GetProperty("accessToken").GetString();

        var (_, sessions) = await emulator.SendAsync(format, new HttpRequestData
        {
            RawPath = "/v1/users/me/sessions",
            SourceIp = SourceIp,
            Headers = [new("authorization", $"Bearer {accessToken}"), new("x-forwarded-for", "203.0.113.67")],
        });
        Assert.True(sessions.StatusCode == 200, sessions.Text);
        var session = Assert.Single(JsonDocument.Parse(sessions.Body).RootElement.EnumerateArray().ToArray());
        Assert.Equal(SourceIp, session.GetProperty("ipAddress").GetString());
    }
}
