using System.Reflection;

namespace Latch.LambdaTests;

/// <summary>Where the things under test are: the Host.Lambda build, the deployment package, the AWS sample events.</summary>
internal static class TestPaths
{
    public static readonly string RepositoryRoot = FindRepositoryRoot();

    /// <summary>The framework-dependent build of Host.Lambda, same configuration as this test assembly.</summary>
    public static string BootstrapDll
    {
        get
        {
            var configuration = typeof(TestPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            return Path.Combine(RepositoryRoot, "src", "Host.Lambda", "bin", configuration, "net10.0", "bootstrap.dll");
        }
    }

    /// <summary>The deployment package, Native AOT, as scripts/package-lambda.sh builds it.</summary>
    public static string Package => Path.Combine(RepositoryRoot, "artifacts", "lambda.zip");

    /// <summary>Copied into the test output from Data/lambda-events (see its SOURCE.md).</summary>
    public static string SampleEvents => Path.Combine(AppContext.BaseDirectory, "Data", "lambda-events");

    public static string SampleEvent(string name)
    {
        var path = Path.Combine(SampleEvents, name);
        Assert.True(File.Exists(path), $"AWS sample event {name} not found under {SampleEvents} (tests/LambdaTests/Data/lambda-events is copied to the test output).");
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Latch.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Latch.slnx not found above the test output directory.");
    }
}
