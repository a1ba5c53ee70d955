using System.Xml.Linq;

namespace Latch.LambdaTests;

/// <summary>
/// src/Host.Lambda/StartupGenerics.rd.xml, the closed generic types the Native AOT compiler builds ahead of time for the
/// init (docs/decisions/0018): a type it names that does not exist stops the AOT compile with an error only the package
/// build shows, so a rename (ours or the framework's) is caught here, in the quick build, with what to run.
/// </summary>
public sealed class StartupGenericsTests
{
    private const string Regenerate = "rerun bench/lambda-startup-generics.sh --write";

    [Fact]
    public void Every_type_the_runtime_directives_name_exists_in_the_assembly_they_say()
    {
        var path = Path.Combine(TestPaths.RepositoryRoot, "src", "Host.Lambda", "StartupGenerics.rd.xml");
        var directives = XDocument.Load(path);
        XNamespace ns = "http://schemas.microsoft.com/netfx/2013/01/metadata";

        var types = directives.Descendants(ns + "Assembly")
            .SelectMany(assembly => assembly.Elements(ns + "Type").Select(type =>
                (Assembly: (string)assembly.Attribute("Name")!, Name: (string)type.Attribute("Name")!)))
            .ToArray();
        var missing = types.Where(t => Type.GetType($"{t.Name}, {t.Assembly}", throwOnError: false) is null)
            .Select(t => $"{t.Assembly}: {t.Name}").ToArray();

        Assert.True(types.Length > 100, $"{path} lists {types.Length} types; {Regenerate}");
        Assert.True(missing.Length == 0, $"{path} names types that do not exist (the AOT compile would fail); {Regenerate}:\n" +
            string.Join('\n', missing));
    }
}
