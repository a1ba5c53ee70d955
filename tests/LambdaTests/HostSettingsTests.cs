using System.Text.Json;

namespace Latch.LambdaTests;

/// <summary>What 256 MB asks of the process: one small heap, no background GC, invariant globalisation.</summary>
public sealed class HostSettingsTests(BuiltFunction function) : IClassFixture<BuiltFunction>
{
    [Fact]
    public void The_GC_is_workstation_non_concurrent_and_capped_at_three_quarters_of_the_function_memory()
    {
        // FunctionProcess sets AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256; the host logs what the GC and AppContext report back,
        // which is what counts in the AOT package, where these settings are compiled in rather than read from a file.
        Assert.Contains("GC heap limit 192 MiB, server GC False, latency mode Batch, invariant globalization True",
            function.Process.Output, StringComparison.Ordinal);
    }

    /// <summary>The framework-dependent build (<c>dotnet run</c>, the tests' default) reads them from its runtimeconfig.</summary>
    [Fact]
    public void The_runtime_configuration_asks_for_that_GC_and_invariant_globalisation()
    {
        var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(TestPaths.BootstrapDll, ".runtimeconfig.json")))
            .RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(config.GetProperty("System.GC.Server").GetBoolean());
        Assert.False(config.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.True(config.GetProperty("System.Globalization.Invariant").GetBoolean());
    }
}
