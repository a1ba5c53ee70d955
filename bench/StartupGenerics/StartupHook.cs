using Latch.Bench.StartupGenerics;

/// <summary>
/// Found by the runtime through <c>DOTNET_STARTUP_HOOKS</c> (a type of this name, in no namespace): listens to the DI
/// container from the process's first instruction and writes the list when the process exits.
/// </summary>
internal static class StartupHook
{
    private static ResolvedServiceListener? _listener;

    public static void Initialize()
    {
        var output = Environment.GetEnvironmentVariable("STARTUP_GENERICS_OUT")
            ?? throw new InvalidOperationException("STARTUP_GENERICS_OUT names the file to write.");
        _listener = new ResolvedServiceListener();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.WriteAllText(output, RuntimeDirectives.Write(_listener.ClosedGenericTypes()));
    }
}
