using System.IO.Compression;

namespace Latch.LambdaTests;

/// <summary>
/// Which build of Host.Lambda the process tests start. <c>LATCH_LAMBDA_FUNCTION=package</c> (scripts/test.sh, so CI)
/// picks the deployment package — the Native AOT <c>bootstrap</c> in artifacts/lambda.zip, unpacked once per test run
/// — so the binary that is deployed is the one the end-to-end, lifecycle and telemetry tests run. Unset (a plain
/// <c>dotnet test</c> while developing), they start the framework-dependent build of this test run with <c>dotnet</c>.
/// </summary>
internal static class FunctionUnderTest
{
    public const string Variable = "LATCH_LAMBDA_FUNCTION";

    private static readonly Lazy<string> PackagedBootstrap = new(Unpack);

    public static bool IsPackage => Environment.GetEnvironmentVariable(Variable) switch
    {
        null or "" or "build" => false,
        "package" => true,
        var other => throw new InvalidOperationException($"{Variable} must be 'package' or 'build', not '{other}'."),
    };

    /// <summary>What to start: the executable, and the dll to hand it when it is <c>dotnet</c>.</summary>
    public static (string Executable, string? Argument) Command
    {
        get
        {
            if (IsPackage)
            {
                return (PackagedBootstrap.Value, null);
            }

            Assert.True(File.Exists(TestPaths.BootstrapDll), $"Host.Lambda is not built at {TestPaths.BootstrapDll}.");
            return ("dotnet", TestPaths.BootstrapDll);
        }
    }

    private static string Unpack()
    {
        Assert.True(File.Exists(TestPaths.Package),
            $"{Variable}=package but {TestPaths.Package} is missing: run scripts/package-lambda.sh (scripts/test.sh runs it first).");
        var directory = Path.Combine(Path.GetTempPath(), $"latch-lambda-package-{Environment.ProcessId}");
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        // File modes are kept, as Lambda keeps them: bootstrap stays executable.
        ZipFile.ExtractToDirectory(TestPaths.Package, directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return Path.Combine(directory, "bootstrap");
    }
}
