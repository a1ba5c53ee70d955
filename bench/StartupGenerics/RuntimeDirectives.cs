using System.Security;
using System.Text;

namespace Latch.Bench.StartupGenerics;

/// <summary>The list as runtime directives (rd.xml) for the Native AOT compiler, one <c>Type</c> per closed generic.</summary>
internal static class RuntimeDirectives
{
    public static string Write(IReadOnlyList<Type> closedGenerics)
    {
        // An enumerable of services is resolved as an array of them: the array type too.
        var types = closedGenerics
            .Concat(closedGenerics.Where(t => t.GetGenericTypeDefinition() == typeof(IEnumerable<>)).Select(t => t.GetGenericArguments()[0].MakeArrayType()))
            .Select(t => (Assembly: (t.IsArray ? t.GetElementType()! : t.GetGenericTypeDefinition()).Assembly.GetName().Name!, Name: TypeNames.Directive(t)))
            .Distinct()
            .GroupBy(t => t.Assembly)
            .OrderBy(g => g.Key, StringComparer.Ordinal);

        var xml = new StringBuilder();
        xml.AppendLine("<Directives xmlns=\"http://schemas.microsoft.com/netfx/2013/01/metadata\">");
        xml.AppendLine("  <!-- Written by bench/lambda-startup-generics.sh: the closed generic types the DI container resolves during the");
        xml.AppendLine("       Lambda function's init, so that the Native AOT compiler builds them instead of the type loader at run time");
        xml.AppendLine("       (docs/performance.md, \"Lambda cold start\"). Regenerate it, do not edit it. -->");
        xml.AppendLine("  <Application>");
        foreach (var assembly in types)
        {
            xml.AppendLine(FormattableString.Invariant($"    <Assembly Name=\"{assembly.Key}\">"));
            foreach (var name in assembly.Select(t => t.Name).Order(StringComparer.Ordinal))
            {
                xml.AppendLine(FormattableString.Invariant($"      <Type Name=\"{SecurityElement.Escape(name)}\" Dynamic=\"Required All\" />"));
            }

            xml.AppendLine("    </Assembly>");
        }

        xml.AppendLine("  </Application>");
        xml.AppendLine("</Directives>");
        return xml.ToString();
    }
}
