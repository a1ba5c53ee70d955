namespace Latch.Host.Lambda.Runtime;

/// <summary>
/// Caps the GC heap at three quarters of the function's memory, leaving the rest to the runtime, native
/// buffers and the stack — so a 256 MB function collects harder instead of being killed for running out.
/// </summary>
internal static class LambdaMemory
{
    private const string MemorySizeVariable = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";

    /// <summary>The limit set, or null: outside Lambda, or when the operator set a limit of their own.</summary>
    public static ulong? ApplyHeapHardLimit()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(MemorySizeVariable), out var megabytes) || megabytes <= 0)
        {
            return null;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_GCHeapHardLimit") is not null ||
            Environment.GetEnvironmentVariable("DOTNET_GCHeapHardLimitPercent") is not null ||
            AppContext.GetData("GCHeapHardLimit") is not null || AppContext.GetData("System.GC.HeapHardLimit") is not null ||
            AppContext.GetData("System.GC.HeapHardLimitPercent") is not null)
        {
            return null;
        }

        var limit = (ulong)megabytes * 1024 * 1024 / 4 * 3;
        AppContext.SetData("GCHeapHardLimit", limit);
        GC.RefreshMemoryLimit();
        return limit;
    }
}
