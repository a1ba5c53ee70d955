using System.Globalization;
using System.Text.Json.Nodes;
using Latch.Infrastructure.Web.Endpoints;

namespace Latch.DeployTests;

/// <summary>The function of the password-hashing routes (ADR 0016): the API's program with one full vCPU, and only those routes.</summary>
internal static partial class Checks
{
    /// <summary>
    /// The hashing function is the API function's program: the same package, handler, runtime, architecture, timeout,
    /// layers, tracing and settings. Only its memory (<see cref="Spec.HashingMemorySize"/>), reserved concurrency and role differ.
    /// </summary>
    public static IReadOnlyList<string> HashingFunction(Template template, StageSpec stage)
    {
        var problems = new List<string>();
        if (TheFunction(template, problems) is not { } api || TheHashingFunction(template, problems) is not { } hashing)
        {
            return problems;
        }

        var a = Template.Properties(api.Resource);
        var h = Template.Properties(hashing.Resource);
        foreach (var property in new[] { "Code", "Handler", "Runtime", "Architectures", "Timeout", "Layers", "TracingConfig", "PackageType" })
        {
            if (!JsonNode.DeepEquals(a[property], h[property]))
            {
                problems.Add($"hashing function {property} is {Show(h[property]?.ToJsonString())}, the API function's {Show(a[property]?.ToJsonString())}");
            }
        }

        // The same settings (a LATCH_HANDLER, as the mail sender's, would make it another program).
        var apiSettings = Environment(api.Resource);
        var hashingSettings = Environment(hashing.Resource);
        foreach (var name in apiSettings.Keys.Union(hashingSettings.Keys).Order(StringComparer.Ordinal))
        {
            if (apiSettings.GetValueOrDefault(name) != hashingSettings.GetValueOrDefault(name))
            {
                problems.Add($"hashing function environment variable {name} is {Show(hashingSettings.GetValueOrDefault(name))}, " +
                             $"the API function's {Show(apiSettings.GetValueOrDefault(name))}");
            }
        }

        Expect(problems, "hashing function MemorySize", Cfn.Number(h["MemorySize"]), Spec.HashingMemorySize);
        var reserved = Cfn.Number(h["ReservedConcurrentExecutions"]);
        if (stage.HashingReservedConcurrency is { } exact)
        {
            Expect(problems, "hashing function ReservedConcurrentExecutions", reserved, exact);
        }
        else if (reserved is not > 0)
        {
            problems.Add($"hashing function ReservedConcurrentExecutions is {Show(reserved)}, expected a positive limit");
        }

        return problems;
    }

    /// <summary>
    /// Every route of <see cref="PasswordHashingRoutes"/> is proxied to the hashing function, nothing else is, and each of
    /// their resources proxies its other methods to the API function (an explicit method wins over ANY on a resource);
    /// API Gateway may invoke the hashing function.
    /// </summary>
    public static IReadOnlyList<string> HashingRoutes(Template template)
    {
        var problems = new List<string>();
        if (TheFunction(template, problems) is not { } api || TheHashingFunction(template, problems) is not { } hashing)
        {
            return problems;
        }

        var methods = template.OfType("AWS::ApiGateway::Method")
            .Select(m => Template.Properties(m.Resource))
            .Select(p => (Properties: p, Verb: Cfn.Literal(p["HttpMethod"]) ?? "", Path: ResourcePath(template, p["ResourceId"])))
            .ToList();
        static bool To(JsonObject method, string functionId) =>
            Cfn.Literal(method["Integration"]?["Type"]) == "AWS_PROXY" && Cfn.RefersTo(method["Integration"]?["Uri"], functionId);

        foreach (var (verb, path) in PasswordHashingRoutes.All)
        {
            var exact = methods.Where(m => m.Path == path && m.Verb == verb).ToList();
            if (!exact.Any(m => To(m.Properties, hashing.Id)))
            {
                problems.Add(exact.Count == 0
                    ? $"{verb} {path} hashes a password but has no method of its own: the 256 MB API function serves it"
                    : $"{verb} {path} hashes a password but is not proxied to the hashing function");
            }

            if (!methods.Any(m => m.Path == path && m.Verb == "ANY" && To(m.Properties, api.Id)))
            {
                problems.Add($"{path} has no ANY method proxied to the API function: its other methods would be the gateway's 403");
            }
        }

        foreach (var (_, verb, path) in methods.Where(m => To(m.Properties, hashing.Id)))
        {
            if (!PasswordHashingRoutes.All.Contains((verb, path)))
            {
                problems.Add($"{verb} {path} is proxied to the hashing function but is not a password-hashing route (PasswordHashingRoutes.cs)");
            }
        }

        var invocable = template.OfType("AWS::Lambda::Permission").Select(p => Template.Properties(p.Resource)).Any(p =>
            Cfn.RefersTo(p["FunctionName"], hashing.Id) && Cfn.Literal(p["Action"]) == "lambda:InvokeFunction" &&
            Cfn.Literal(p["Principal"]) == "apigateway.amazonaws.com");
        if (!invocable)
        {
            problems.Add("no lambda:InvokeFunction permission for apigateway.amazonaws.com on the hashing function");
        }

        return problems;
    }

    /// <summary>
    /// The stack's cost ceiling and sign-in throughput ceiling are no worse than the one 256 MB function's at the stage's
    /// <see cref="StageSpec.CeilingBaseline"/>: at full concurrency the API functions hold no more memory (GB-seconds per
    /// second), and the hashing function's reserved concurrency over its sign-in time (<see cref="Spec.SignInSeconds"/>,
    /// at the work factor it runs with) is at least the baseline's share <see cref="StageSpec.SignInCeilingShare"/>.
    /// </summary>
    public static IReadOnlyList<string> Ceilings(Template template, StageSpec stage)
    {
        var problems = new List<string>();
        if (TheFunction(template, problems) is not { } api || TheHashingFunction(template, problems) is not { } hashing)
        {
            return problems;
        }

        var a = Template.Properties(api.Resource);
        var h = Template.Properties(hashing.Resource);
        if (Cfn.Number(a["MemorySize"]) is not { } apiMemory || Cfn.Number(a["ReservedConcurrentExecutions"]) is not { } apiReserved ||
            Cfn.Number(h["MemorySize"]) is not { } hashingMemory || Cfn.Number(h["ReservedConcurrentExecutions"]) is not { } hashingReserved)
        {
            problems.Add("the API functions' memory and reserved concurrency must all be set: without them there is no ceiling");
            return problems;
        }

        var baselineMb = Spec.MemorySize * stage.CeilingBaseline;
        var mb = (apiMemory * apiReserved) + (hashingMemory * hashingReserved);
        if (mb > baselineMb)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"cost ceiling: at full concurrency the API functions run {mb:N0} MB ({mb / 1024:F2} GB-s per second), " +
                $"above the {baselineMb:N0} MB of one {Spec.MemorySize} MB function at {stage.CeilingBaseline}"));
        }

        var factor = int.TryParse(Environment(hashing.Resource).GetValueOrDefault("Passwords__BcryptWorkFactor"), out var f) ? f : 0;
        if (!Spec.SignInSeconds.TryGetValue((factor, (int)hashingMemory), out var after) ||
            !Spec.SignInSeconds.TryGetValue((factor, Spec.MemorySize), out var before))
        {
            problems.Add($"no measured sign-in time for work factor {factor} at {hashingMemory} MB and {Spec.MemorySize} MB (ADR 0016)");
            return problems;
        }

        var ceiling = hashingReserved / after;
        var required = stage.CeilingBaseline / before * stage.SignInCeilingShare;
        if (ceiling < required)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"sign-in throughput ceiling: {hashingReserved} at {after} s is {ceiling:F1} sign-ins/s, below {required:F1} " +
                $"({stage.SignInCeilingShare:P0} of {stage.CeilingBaseline} at {before} s)"));
        }

        return problems;
    }

    /// <summary>The hashing function's role, held to the API function's rules: the same actions, its own log group.</summary>
    public static IReadOnlyList<string> HashingFunctionRole(Template template)
    {
        var problems = new List<string>();
        return TheHashingFunction(template, problems) is { } function ? Role(template, function, Spec.FunctionRoleActions, problems) : problems;
    }

    private static (string Id, JsonObject Resource)? TheHashingFunction(Template template, List<string> problems) =>
        FunctionNamed(template, Spec.HashingFunctionSuffix, problems);
}
