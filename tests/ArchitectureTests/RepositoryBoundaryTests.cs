namespace Latch.ArchitectureTests;

/// <summary>
/// The repository names no path outside itself: a clone with nothing beside it passes its tests. (The test
/// command's CI run proves the same from the other side: it runs from a copy placed where nothing is beside it.)
/// </summary>
public sealed class RepositoryBoundaryTests
{
    private static readonly string Root = ProjectGraph.RepositoryRoot();

    [Fact]
    public void No_file_of_the_repository_names_a_path_outside_it()
    {
        var files = RepositoryBoundary.Files(Root);

        Assert.Contains("Latch.slnx", files); // the scan saw the repository, not an empty list
        Assert.Contains("tests/LambdaTests/Data/lambda-events/apigw-http-v2-event.json", files);
        Assert.Empty(RepositoryBoundary.Violations(Root, files));
    }

    [Fact]
    public void Each_way_of_reaching_outside_is_caught_on_a_bad_fixture()
    {
        var dir = Directory.CreateTempSubdirectory("latch-boundary-");
        try
        {
            // Built from pieces so that this file itself does not trip the scan of the real repository.
            var up = "..";
            Directory.CreateDirectory(Path.Combine(dir.FullName, "tests", "Some"));
            File.WriteAllText(Path.Combine(dir.FullName, "tests", "Some", "Paths.cs"),
                $"var events = Path.Combine(RepositoryRoot, \"{up}\", \"shared\");\n" +
                $"var data = \"{up}/{up}/{up}/shared/lambda-events\";\n" +
                $"var home = \"/{"root"}/secrets.json\";\n" +
                $"var inside = \"{up}/{up}/src/Domain\";\n");
            File.WriteAllText(Path.Combine(dir.FullName, "README.md"), $"See [design]({up}/shared/design.md).\n");

            var violations = RepositoryBoundary.Violations(dir.FullName, RepositoryBoundary.Files(dir.FullName));

            Assert.Collection(violations,
                v => Assert.StartsWith($"README.md:1: relative path '{up}/shared/design.md' leaves", v),
                v => Assert.StartsWith("tests/Some/Paths.cs:1: 'RepositoryRoot, \"..\"' climbs above", v),
                v => Assert.StartsWith($"tests/Some/Paths.cs:2: relative path '{up}/{up}/{up}/shared/lambda-events' leaves", v),
                v => Assert.StartsWith($"tests/Some/Paths.cs:3: '/{"root"}/' is a path on somebody's machine", v));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
