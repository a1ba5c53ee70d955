namespace Latch.IntegrationTests.Support;

/// <summary>Where the repository is, seen from the test output directory.</summary>
public static class RepositoryPaths
{
    public static readonly string Root = FindRoot();

    private static string FindRoot()
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
