namespace Latch.ArchitectureTests;

public sealed class ProjectGraphTests
{
    private static readonly string SourceRoot = Path.Combine(ProjectGraph.RepositoryRoot(), "src");

    [Fact]
    public void Every_project_reference_is_on_the_allow_list()
    {
        var graph = ProjectGraph.Read(SourceRoot);
        Assert.Equal(ProjectGraph.AllowList.Keys.Order(), graph.Keys.Order());
        Assert.Empty(ProjectGraph.Violations(graph, ProjectGraph.AllowList));
    }

    [Theory]
    [InlineData("Latch.Application", "Latch.Domain")]
    [InlineData("Latch.Infrastructure", "Latch.Application")]
    [InlineData("Latch.Host.Kestrel", "Latch.Infrastructure")]
    [InlineData("Latch.Host.Lambda", "Latch.Infrastructure")]
    [InlineData("Latch.Tools", "Latch.Infrastructure")]
    public void Removing_an_edge_from_the_allow_list_makes_the_real_graph_fail(string project, string reference)
    {
        var narrowed = ProjectGraph.AllowList.ToDictionary(
            pair => pair.Key,
            pair => pair.Key == project ? pair.Value.Where(r => r != reference).ToArray() : pair.Value);

        Assert.Contains($"{project} -> {reference}", ProjectGraph.Violations(ProjectGraph.Read(SourceRoot), narrowed));
    }

    [Fact]
    public void A_domain_that_references_infrastructure_is_caught()
    {
        var dir = Directory.CreateTempSubdirectory("latch-graph-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "Latch.Domain.csproj"),
                """<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><ProjectReference Include="..\Infrastructure\Latch.Infrastructure.csproj" /></ItemGroup></Project>""");
            File.WriteAllText(Path.Combine(dir.FullName, "Latch.Unlisted.csproj"), """<Project Sdk="Microsoft.NET.Sdk" />""");

            var violations = ProjectGraph.Violations(ProjectGraph.Read(dir.FullName), ProjectGraph.AllowList);

            Assert.Contains("Latch.Domain -> Latch.Infrastructure", violations);
            Assert.Contains("Latch.Unlisted is not in the allow-list", violations);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
