namespace Latch.OpsTests.Support;

internal static class Repository
{
    public static readonly string Root = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>The Kestrel host's own build output, built in the same configuration as these tests.</summary>
    public static string KestrelHostDirectory =>
        Path($"src/Host.Kestrel/bin/{Configuration}/net10.0");

    /// <summary>The operator tool's own build output (the test output holds its dll, but not its runtime configuration).</summary>
    public static string ToolsDirectory =>
        Path($"src/Tools/bin/{Configuration}/net10.0");

    private static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Latch.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Latch.slnx not found above the test output directory.");
    }
}
