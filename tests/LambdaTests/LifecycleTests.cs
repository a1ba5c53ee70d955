using Latch.LambdaEmulator;

namespace Latch.LambdaTests;

/// <summary>The real Host.Lambda process at its edges: start-up failure, a broken Runtime API, no Runtime API at all.</summary>
public sealed class LifecycleTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_start_up_failure_is_posted_to_init_error_and_the_process_exits()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi,
            new Dictionary<string, string?> { ["Logging__LogLevel__Default"] = "Loud" });

        var initError = await emulator.InitError.WaitAsync(ExitTimeout);
        var exitCode = await function.WaitForExitAsync(ExitTimeout);

        Assert.Equal("Runtime.StartupFailure", initError.ErrorType);
        Assert.Equal("Runtime.StartupFailure", initError.Json.GetProperty("errorType").GetString());
        Assert.Contains("'Loud' is not supported", initError.Json.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, exitCode);
        Assert.Equal(0, emulator.NextCalls);
    }

    [Fact]
    public async Task A_Runtime_API_500_ends_the_process_with_a_failure_code()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        await using var function = FunctionProcess.StartBuilt(emulator.RuntimeApi);
        await emulator.WaitUntilReadyAsync(() => function.Output, function);
        emulator.ForcedResponseStatus = 500;

        var result = await emulator.InvokeAsync(ApiGatewayEvents.Create(EventFormat.V2, new HttpRequestData { RawPath = "/health/live" }));
        var exitCode = await function.WaitForExitAsync(ExitTimeout);

        Assert.Equal(InvocationOutcome.Refused, result.Outcome);
        Assert.Equal(1, exitCode);
        Assert.Contains("The Runtime API failed", function.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_AWS_LAMBDA_RUNTIME_API_the_host_fails_fast_with_one_clear_line()
    {
        await using var function = FunctionProcess.StartBuilt(runtimeApi: null);

        var exitCode = await function.WaitForExitAsync(ExitTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("AWS_LAMBDA_RUNTIME_API is not set", function.Output, StringComparison.Ordinal);
    }
}
