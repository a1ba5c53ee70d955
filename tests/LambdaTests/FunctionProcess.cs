using System.Diagnostics;
using Latch.IntegrationTests.Support;

namespace Latch.LambdaTests;

/// <summary>A Lambda host started as its own process, the way Lambda starts <c>bootstrap</c>; its output is kept.</summary>
internal sealed class FunctionProcess : IAsyncDisposable
{
    private readonly CapturedProcess _process;

    private FunctionProcess(CapturedProcess process) => _process = process;

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>The process id (with <c>dotnet</c>, the host that runs the build is this process).</summary>
    public int Id => _process.Id;
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <paramref name="executable"/> (the apphost, or <c>dotnet</c> with the dll as argument) in its own folder, in
    /// Development, with a throw-away SQLite file and 256 MB of "function memory"; <paramref name="environment"/> adds to
    /// or (with a null value) removes from that.
    /// </summary>
    public static FunctionProcess Start(string? runtimeApi, string executable, string? argument = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var program = argument ?? executable;
        var data = Directory.CreateTempSubdirectory("latch-lambda-").FullName;
        var start = new ProcessStartInfo(executable) { WorkingDirectory = Path.GetDirectoryName(program)! };
        if (argument is not null)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        start.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "256";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Storage__Sqlite__Path"] = Path.Combine(data, "app.db");

        // Accounts made by tests exist at once; a test of the verification flow sets it back.
        start.Environment["Registration__RequireEmailVerification"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        return new FunctionProcess(CapturedProcess.Start(start, data));
    }

    /// <summary>
    /// The Host.Lambda build under test (<see cref="FunctionUnderTest"/>): the packaged Native AOT bootstrap in CI, the
    /// framework-dependent build run with <c>dotnet</c> otherwise.
    /// </summary>
    public static FunctionProcess StartBuilt(string? runtimeApi, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var (executable, argument) = FunctionUnderTest.Command;
        return Start(runtimeApi, executable, argument, environment);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The function did not exit within {timeout}. Its output:\n{Output}");
        }

        return _process.ExitCode;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
