using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>Ways to talk to a function behind the emulator.</summary>
internal static class Functions
{
    /// <summary>Sends <paramref name="request"/> as an API Gateway event and reads the response back as API Gateway would.</summary>
    public static async Task<(InvocationResult Result, HttpResponseData Response)> SendAsync(this RuntimeApiEmulator emulator,
        EventFormat format, HttpRequestData request, InvocationHeaders? headers = null)
    {
        var result = await emulator.InvokeAsync(ApiGatewayEvents.Create(format, request), headers);
        Assert.True(result.Outcome == InvocationOutcome.Response, $"Expected a response, got {result.Outcome}: {result.Text}");
        return (result, ApiGatewayResults.Parse(format, result.Payload));
    }

    public static Task<InvocationResult> InvokeAsync(this RuntimeApiEmulator emulator, string json, InvocationHeaders? headers = null) =>
        emulator.InvokeAsync(System.Text.Encoding.UTF8.GetBytes(json), headers);

    /// <summary>The values of one query key or header in the echo app's answer.</summary>
    public static string[] Values(this System.Text.Json.JsonElement echo, string section, string name) =>
        echo.GetProperty(section).TryGetProperty(name, out var values) ? [.. values.EnumerateArray().Select(v => v.GetString()!)] : [];

    /// <summary>Waits until the function has asked for its first invocation: start-up and warm-up are over.</summary>
    public static async Task WaitUntilReadyAsync(this RuntimeApiEmulator emulator, Func<string> output, FunctionProcess? process = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (emulator.NextCalls == 0)
        {
            if (process is { HasExited: true })
            {
                Assert.Fail($"The function exited with {process.ExitCode} before asking for an invocation:\n{output()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The function did not ask for an invocation within 60 s:\n{output()}");
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>The real Host.Lambda build, started once as a process behind one emulator for a test class.</summary>
public sealed class BuiltFunction : IAsyncLifetime
{
    // As in the integration tests: the cheapest bcrypt cost allowed, and no rate limit a test class could run into.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Passwords__BcryptWorkFactor"] = "10",
        ["RateLimiting__PerIp__BurstLimit"] = "1000000",
        ["RateLimiting__PerIp__PerMinute"] = "1000000",
        ["RateLimiting__Auth__PerMinute"] = "1000000",
    };

    private FunctionProcess? _process;

    public RuntimeApiEmulator Emulator { get; private set; } = null!;

    internal FunctionProcess Process => _process!;

    public async Task InitializeAsync()
    {
        Emulator = await RuntimeApiEmulator.StartAsync();
        _process = FunctionProcess.StartBuilt(Emulator.RuntimeApi, Settings);
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
