namespace Latch.ArchitectureTests;

public sealed class LayerDependencyTests
{
    private const string Fixtures = "Latch.ArchitectureTests.Fixtures";
    private static readonly System.Reflection.Assembly FixtureAssembly = typeof(LayerDependencyTests).Assembly;

    [Fact]
    public void Domain_depends_on_no_framework_and_no_outer_layer() =>
        Assert.Empty(Rules.DependOnAny(Layers.Domain, "Latch.Domain",
            [.. Layers.FrameworkNamespaces, "Latch.Application", "Latch.Infrastructure", "Mediator", "FluentValidation"]));

    [Fact]
    public void Application_depends_on_no_framework_and_not_on_infrastructure() =>
        Assert.Empty(Rules.DependOnAny(Layers.Application, "Latch.Application",
            [.. Layers.FrameworkNamespaces, "Latch.Infrastructure"]));

    [Fact]
    public void Hosts_name_no_store_hasher_or_token_type()
    {
        Assert.Empty(Rules.DependOnAny(Layers.HostKestrel, "Latch", Layers.AdapterNamespaces));
        Assert.Empty(Rules.DependOnAny(Layers.HostLambda, "Latch", Layers.AdapterNamespaces));
    }

    /// <summary>The operator tool is a host too: it reaches the store, keys and settings through the composition only.</summary>
    [Fact]
    public void Tools_name_no_store_hasher_or_token_type() =>
        Assert.Empty(Rules.DependOnAny(Layers.Tools, "Latch", Layers.AdapterNamespaces));

    /// <summary>
    /// The Lambda adapter is a server, not a part of the app: it takes the composition's entry points and the server seam,
    /// never Infrastructure's areas (telemetry, web, stores) nor the framework services behind the seam.
    /// </summary>
    [Fact]
    public void Lambda_host_uses_only_the_composition_and_the_server_seam() =>
        Assert.Empty(Rules.ReachPastFace(Layers.HostLambda, "Latch", Layers.Infrastructure, Layers.LambdaHostFace,
            Layers.CompositionInternals));

    /// <summary>
    /// Inside Infrastructure each area uses only the areas its line of the module map names (docs/decisions/0011),
    /// and none uses the composition, which wires them together; checked in the compiled code and in the source.
    /// </summary>
    [Fact]
    public void Infrastructure_areas_keep_their_direction() =>
        Assert.Empty(Rules.AreaCrossings(Layers.Infrastructure, "Latch.Infrastructure", "Latch.Infrastructure",
            Layers.InfrastructureAreas, Layers.CompositionRoot));

    [Fact]
    public void Infrastructure_area_sources_keep_their_direction() =>
        Assert.Empty(Rules.AreaCrossingsInSource(
            Path.Combine(ProjectGraph.RepositoryRoot(), "src", "Infrastructure"), Layers.InfrastructureAreas));

    [Fact]
    public void Area_rule_catches_a_crossing_a_call_into_the_composition_and_an_unmapped_area()
    {
        var failing = Rules.AreaCrossings(FixtureAssembly, $"{Fixtures}.BadAreas", "Latch.Infrastructure",
            Layers.InfrastructureAreas, Layers.CompositionRoot);
        Assert.Contains($"{Fixtures}.BadAreas.Persistence.NamesAWebType (Persistence)", failing);
        Assert.Contains($"{Fixtures}.BadAreas.Configuration.CallsTheComposition (Configuration)", failing);
        Assert.Contains($"{Fixtures}.BadAreas.Billing.InNoArea (no area)", failing);
        Assert.DoesNotContain(failing, f => f.Contains(".UsesWhatItMay", StringComparison.Ordinal));
        Assert.DoesNotContain(failing, f => f.Contains(".ImplementsTheHostSeam", StringComparison.Ordinal));
    }

    [Fact]
    public void Area_source_rule_catches_a_constant_from_another_area_and_an_unmapped_folder()
    {
        var dir = Directory.CreateTempSubdirectory("latch-areas-");
        try
        {
            void Write(string relative, string text)
            {
                var path = Path.Combine(dir.FullName, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }

            // The crossing the compiled code cannot show: a constant is copied into its caller.
            Write("Persistence/Registration.cs", "using Latch.Infrastructure.Web.Health;\nclass R { string[] T = [HealthEndpoints.ReadyTag]; }");
            Write("Web/Fine.cs", "using Latch.Infrastructure.Security.Tokens;\nusing Latch.Infrastructure.Health;");
            Write("Billing/Invoices.cs", "namespace Latch.Infrastructure.Billing;");
            Write("obj/Generated.cs", "using Latch.Infrastructure.Web;");
            Write("DependencyInjection.cs", "using Latch.Infrastructure.Web;");

            var failing = Rules.AreaCrossingsInSource(dir.FullName, Layers.InfrastructureAreas);

            Assert.Equal(["Billing/: no area", "Persistence/Registration.cs: uses Web"], failing);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Seam_rule_catches_a_host_that_reaches_past_the_seam()
    {
        var failing = Rules.ReachPastFace(FixtureAssembly, $"{Fixtures}.BadHost", Layers.Infrastructure, Layers.LambdaHostFace,
            Layers.CompositionInternals);
        Assert.Contains($"{Fixtures}.BadHost.NamesAnInfrastructureArea", failing);
        Assert.Contains($"{Fixtures}.BadHost.ReadsKestrelLimits", failing);
        Assert.Contains($"{Fixtures}.BadHost.CallsExceptionHandlers", failing);
        Assert.DoesNotContain($"{Fixtures}.BadHost.UsesTheSeam", failing);
    }

    /// <summary>
    /// Tests may see a layer's internals; a host or the operator tool may not: each reaches the inner layers through
    /// their public faces, so what they use is what those layers choose to show.
    /// </summary>
    [Fact]
    public void Inner_layers_open_their_internals_to_no_host_and_not_to_the_tool()
    {
        System.Reflection.Assembly[] outer = [Layers.HostKestrel, Layers.HostLambda, Layers.Tools];
        Assert.Empty(Rules.InternalsOpenedTo(Layers.Domain, outer));
        Assert.Empty(Rules.InternalsOpenedTo(Layers.Application, outer));
        Assert.Empty(Rules.InternalsOpenedTo(Layers.Infrastructure, outer));
    }

    [Fact]
    public void Internals_rule_catches_an_assembly_open_to_the_tool() =>
        Assert.Equal(["Latch.Tools"], Rules.InternalsOpenedTo(FixtureAssembly, [Layers.HostKestrel, Layers.HostLambda, Layers.Tools]));

    [Fact]
    public void Dependency_rule_catches_a_MongoDB_type_in_the_domain() =>
        Assert.Contains($"{Fixtures}.BadDomain.UsesMongo",
            Rules.DependOnAny(FixtureAssembly, $"{Fixtures}.BadDomain", Layers.FrameworkNamespaces));

    [Fact]
    public void Dependency_rule_catches_ASP_NET_Core_in_the_application() =>
        Assert.Contains($"{Fixtures}.BadApplication.UsesAspNetCore",
            Rules.DependOnAny(FixtureAssembly, $"{Fixtures}.BadApplication", Layers.FrameworkNamespaces));

    [Fact]
    public void Host_rule_catches_a_host_that_names_a_store_or_telemetry()
    {
        var failing = Rules.DependOnAny(FixtureAssembly, $"{Fixtures}.BadHost", Layers.AdapterNamespaces);
        Assert.Contains($"{Fixtures}.BadHost.NamesAStore", failing);
        Assert.Contains($"{Fixtures}.BadHost.NamesTelemetry", failing);
        Assert.Contains($"{Fixtures}.BadHost.NamesMailDelivery", failing);
        Assert.DoesNotContain($"{Fixtures}.BadHost.UsesTheSeam", failing);
    }
}
