namespace Latch.ArchitectureTests;

public sealed class TypeShapeTests
{
    private const string Fixtures = "Latch.ArchitectureTests.Fixtures";
    private static readonly System.Reflection.Assembly FixtureAssembly = typeof(TypeShapeTests).Assembly;

    [Fact]
    public void Handlers_are_internal_and_sealed() =>
        Assert.Empty(Rules.HandlersNotInternalSealed(Layers.Application.GetTypes()));

    [Fact]
    public void Validators_are_internal_and_sealed() =>
        Assert.Empty(Rules.ValidatorsNotInternalSealed(Layers.Application.GetTypes()));

    [Fact]
    public void Requests_are_immutable() =>
        Assert.Empty(Rules.MutableRequests(Layers.Application.GetTypes()));

    [Fact]
    public void Domain_types_have_no_public_setters() =>
        Assert.Empty(Rules.PublicSetters(Layers.Domain.GetTypes()));

    [Fact]
    public void Handler_rule_catches_a_public_and_an_unsealed_handler()
    {
        var failing = Rules.HandlersNotInternalSealed(Rules.TypesIn(FixtureAssembly, $"{Fixtures}.BadHandlers"));
        Assert.Contains($"{Fixtures}.BadHandlers.PublicHandler", failing);
        Assert.Contains($"{Fixtures}.BadHandlers.UnsealedHandler", failing);
    }

    [Fact]
    public void Validator_rule_catches_a_public_validator() =>
        Assert.Contains($"{Fixtures}.BadHandlers.PublicValidator",
            Rules.ValidatorsNotInternalSealed(Rules.TypesIn(FixtureAssembly, $"{Fixtures}.BadHandlers")));

    [Fact]
    public void Request_rule_catches_a_setter_and_a_mutable_field()
    {
        var failing = Rules.MutableRequests(Rules.TypesIn(FixtureAssembly, $"{Fixtures}.BadRequests"));
        Assert.Contains($"{Fixtures}.BadRequests.MutableRequest", failing);
        Assert.Contains($"{Fixtures}.BadRequests.RequestWithMutableField", failing);
    }

    [Fact]
    public void Setter_rule_catches_public_and_init_setters_in_the_domain()
    {
        var failing = Rules.PublicSetters(Rules.TypesIn(FixtureAssembly, $"{Fixtures}.BadDomain"));
        Assert.Contains($"{Fixtures}.BadDomain.HasPublicSetter", failing);
        Assert.Contains($"{Fixtures}.BadDomain.HasInitSetter", failing);
        Assert.DoesNotContain($"{Fixtures}.BadDomain.UsesMongo", failing);
    }
}
